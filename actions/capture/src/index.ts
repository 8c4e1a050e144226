/** The bundle's entry (ncc bundles this file into dist/index.js): the runner starts it, and it runs the action. */
import { run } from './main.js';

void run();
