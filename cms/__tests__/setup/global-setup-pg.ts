import type { TestProject } from 'vitest/node';
import { startTestCms } from './start-cms.ts';
import { testPort } from '../../../platform/config.ts';

export default (project: TestProject) => startTestCms(project, 'pg', testPort(18156));
