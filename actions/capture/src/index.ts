/**
 * The bundle's entry (ncc bundles this file into dist/index.js): the runner starts it; it prints the first log line
 * and loads the action from a lazy chunk (src/actions-runtime/start.ts). @github/local-action runs main.ts instead.
 */
import { startAction } from '../../../src/actions-runtime/start.js';

startAction('actions/capture', () => import(/* webpackExports: ["action"] */ './main.js'));
