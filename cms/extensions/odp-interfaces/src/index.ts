// The Data Studio's interface for catalog values Directus has no control for (see odp-field.ts). The
// generated field metadata sets its options (cms/src/directus-model.ts); people never configure it
// by hand, so it offers no options of its own. Built into dist/ by cms/src/build-extensions.ts.
import { defineInterface } from '@directus/extensions-sdk';
import OdpField from './odp-field.ts';

export default defineInterface({
  id: 'odp-field',
  name: 'Giá trị danh mục / Catalog value',
  description: 'Văn bản hai ngôn ngữ, từ khóa, khoảng thời gian, địa bàn, tham chiếu theo tên / Text in two languages, keywords, periods, places, references by name',
  icon: 'translate',
  component: OdpField,
  types: ['json', 'string'],
  group: 'other',
  options: null,
});
