import type { TestProject } from 'vitest/node';
import { startTestCms } from './start-cms.ts';
import { testPort } from '../../../platform/config.ts';

export default (project: TestProject) => startTestCms(project, 'sqlite3', testPort(18155));
