import type { TestProject } from 'vitest/node';
import { startTestCms } from './start-cms.ts';

export default (project: TestProject) => startTestCms(project, 'pg', 18156);
