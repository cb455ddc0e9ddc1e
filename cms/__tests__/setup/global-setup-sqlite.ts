import type { TestProject } from 'vitest/node';
import { startTestCms } from './start-cms.ts';

export default (project: TestProject) => startTestCms(project, 'sqlite3', 18155);
