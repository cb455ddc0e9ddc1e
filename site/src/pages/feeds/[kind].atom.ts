// Atom feeds of new and of updated datasets.
import { feedRoute } from '../../lib/discovery.ts';

export const { getStaticPaths, GET } = feedRoute('vi');
