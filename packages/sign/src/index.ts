export * from './errors.js';
export * from './http.js';
export * from './token.js';
export * from './keys.js';
export * from './signers.js';
export * from './witnesses.js';
export * from './instance.js';
export * from './sign.js';
