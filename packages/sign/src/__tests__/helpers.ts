// Re-exports for the tests, plus the error shape they assert on.
export * from '../index.js';
export interface CustodyErrorLike {
  code: string;
  exitCode: number;
  message: string;
  describe(): string;
}
