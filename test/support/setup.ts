// Runs before every test file (vitest setupFiles), also when one worker runs many files in turn.

import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

afterAll(removeTempDirs);
