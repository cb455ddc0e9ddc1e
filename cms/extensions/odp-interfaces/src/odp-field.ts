// The control of one catalog value in the Data Studio, by the `kind` the generated field metadata
// gives it (cms/src/directus-model.ts):
// - object: the parts of a JSON object, each with Directus's own interface for it (Vietnamese and
//   English text as two inputs, keywords as two tag lists, a period as two dates);
// - references: ids of other entries (themes, contact points, agencies) chosen by the entries' names;
// - codes: codes of a code list (the administrative units) found by name as one types.
// Written as render functions over the app's global components, so it builds with esbuild like the hook.
import { useApi } from '@directus/extensions-sdk';
import { computed, defineComponent, h, onMounted, ref, resolveComponent, type PropType, type VNode } from 'vue';
import { findPlaces, placeIndex, placeText, type PlaceIndex } from '../../../../domain/places.ts';
import { cleanObject, localized, pickerItems, sameValue, studioLanguage, texts, type SubField } from './values.ts';

type Kind = 'object' | 'references' | 'codes';

interface Api {
  get(url: string, config?: { params?: Record<string, unknown> }): Promise<{ data: { data: unknown } }>;
}

// One fetch of a code list per page: the administrative units are 3,355 rows, read once and searched here.
const codeLists = new Map<string, Promise<PlaceIndex>>();

function loadCodeList(api: Api, codeList: string): Promise<PlaceIndex> {
  let hit = codeLists.get(codeList);
  if (!hit) {
    hit = api
      .get('/items/code_list_entries', { params: { filter: { codeList: { _eq: codeList } }, fields: 'id,code,label,parentCode,codeList', limit: -1 } })
      .then((r) => placeIndex(r.data.data as Parameters<typeof placeIndex>[0]));
    // A failed read is tried again the next time the control is drawn.
    hit.catch(() => codeLists.delete(codeList));
    codeLists.set(codeList, hit);
  }
  return hit;
}

function pageLocale(): string {
  return document.documentElement.lang || 'vi-VN';
}

export default defineComponent({
  name: 'OdpField',
  props: {
    value: { type: [Object, Array, String] as PropType<unknown>, default: null },
    disabled: { type: Boolean, default: false },
    kind: { type: String as PropType<Kind>, required: true },
    fields: { type: Array as PropType<SubField[]>, default: () => [] },
    related: { type: String, default: '' },
    labelField: { type: String, default: 'id' },
    langLabel: { type: Boolean, default: false },
    multiple: { type: Boolean, default: true },
    codeList: { type: String, default: '' },
  },
  emits: ['input'],
  setup(props, { emit }) {
    const api = useApi() as unknown as Api;
    const locale = pageLocale();
    const lang = studioLanguage(locale);
    const t = texts[lang];
    const failed = ref(false);
    const selected = computed<string[]>(() => (Array.isArray(props.value) ? (props.value as unknown[]).map(String) : typeof props.value === 'string' ? [props.value] : []));
    const emitCodes = (codes: string[]) => emit('input', props.multiple ? (codes.length ? codes : null) : (codes[0] ?? null));

    // references
    const items = ref<{ text: string; value: string }[]>([]);
    // codes
    const index = ref<PlaceIndex>();
    const query = ref('');
    const matches = computed(() => (index.value && query.value.trim() ? findPlaces(index.value, query.value, 10).filter((p) => !selected.value.includes(p.code)) : []));

    onMounted(async () => {
      try {
        if (props.kind === 'references') {
          const r = await api.get(`/items/${props.related}`, { params: { fields: `id,${props.labelField}`, limit: -1 } });
          const rows = (r.data.data as Record<string, unknown>[]).map((row) => ({ id: String(row.id), label: row[props.labelField] }));
          items.value = pickerItems(rows, lang, selected.value);
        } else if (props.kind === 'codes') {
          index.value = await loadCodeList(api, props.codeList);
        }
      } catch (err) {
        failed.value = true;
        console.error(`odp-field: could not read ${props.related || props.codeList}`, err);
      }
    });

    const notice = (text: string, type = 'info'): VNode => h(resolveComponent('v-notice') as string, { type }, () => text);

    /** The chosen values by name, each with a button to take it out. */
    const chipList = (chosen: { key: string; text: string }[]): VNode =>
      h(
        'div',
        { class: 'odp-field__chips', style: 'display:flex;flex-wrap:wrap;gap:4px;margin:8px 0' },
        chosen.map((c) =>
          h(
            resolveComponent('v-chip') as string,
            { key: c.key, small: true, close: !props.disabled, closeIcon: 'close', class: 'odp-field__chip', onClose: () => emitCodes(selected.value.filter((v) => v !== c.key)) },
            () => c.text,
          ),
        ),
      );

    const parts = computed(() => props.fields.map((f) => localized(f, locale)));
    const objectValue = computed(() => (props.value && typeof props.value === 'object' && !Array.isArray(props.value) ? (props.value as Record<string, unknown>) : {}));

    function setPart(field: string, v: unknown) {
      const next = cleanObject({ ...objectValue.value, [field]: v });
      // Only a real change is reported: an input also answers with the value it was given.
      if (!sameValue(next, cleanObject(objectValue.value))) emit('input', next);
    }

    // Each part is drawn with Directus's own interface for it (input, textarea, tags, date, choice), laid
    // out as the Data Studio lays out a form: half-width parts side by side, a label above, the hint below.
    function renderObject(): VNode {
      return h(
        'div',
        { class: 'odp-field__parts', style: 'display:grid;grid-template-columns:1fr 1fr;gap:16px 24px' },
        parts.value.map((f) => {
          const meta = (f.meta ?? {}) as { interface?: string; options?: Record<string, unknown> | null; width?: string; required?: boolean; note?: string | null };
          return h('div', { key: f.field, class: 'odp-field__part', style: meta.width === 'half' ? '' : 'grid-column:1 / -1' }, [
            h('div', { class: 'odp-field__label', style: 'display:block;margin-bottom:8px;font-weight:600;color:var(--theme--form--field--label--foreground, inherit)' }, [
              f.name ?? f.field,
              meta.required ? h('span', { 'aria-hidden': 'true', style: 'color:var(--theme--primary);margin-left:2px' }, '*') : null,
            ]),
            h(resolveComponent(`interface-${meta.interface ?? 'input'}`) as string, {
              ...(meta.options ?? {}),
              value: objectValue.value[f.field] ?? null,
              type: f.type,
              field: f.field,
              width: meta.width ?? 'full',
              disabled: props.disabled,
              onInput: (v: unknown) => setPart(f.field, v),
            }),
            meta.note ? h('small', { style: 'display:block;margin-top:4px;color:var(--theme--foreground-subdued);font-style:italic' }, meta.note) : null,
          ]);
        }),
      );
    }

    function renderReferences(): VNode {
      if (failed.value) return notice(t.loadFailed, 'danger');
      const select = h(resolveComponent('v-select') as string, {
        items: items.value,
        modelValue: props.multiple ? selected.value : (selected.value[0] ?? null),
        multiple: props.multiple,
        showDeselect: true,
        placeholder: t.choose,
        disabled: props.disabled,
        'onUpdate:modelValue': (v: string | string[] | null) => emitCodes(Array.isArray(v) ? v : v ? [v] : []),
      });
      if (!props.multiple) return select;
      // Several choices read better one by one, by name, than as the select's "3 items".
      const byId = new Map(items.value.map((i) => [i.value, i.text]));
      return h('div', { class: 'odp-field__references' }, [select, chipList(selected.value.map((id) => ({ key: id, text: byId.get(id) ?? id })))]);
    }

    function renderCodes(): VNode {
      if (failed.value) return notice(t.loadFailed, 'danger');
      if (!index.value) return notice(t.loading);
      const places = index.value;
      const chips = chipList(
        selected.value.map((code) => {
          const place = places.byCode.get(code);
          return { key: code, text: place ? placeText(place) : code };
        }),
      );
      const search = props.disabled
        ? null
        : h(resolveComponent('v-input') as string, {
            modelValue: query.value,
            placeholder: t.findPlace,
            'onUpdate:modelValue': (v: string | null) => (query.value = v ?? ''),
          });
      const found = query.value.trim()
        ? matches.value.length
          ? h(
              'ul',
              { class: 'odp-field__matches', style: 'list-style:none;margin:4px 0 0;padding:0' },
              matches.value.map((p) =>
                h('li', { key: p.code }, [
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'odp-field__match',
                      style: 'all:unset;display:block;width:100%;box-sizing:border-box;padding:6px 12px;cursor:pointer;border-radius:var(--theme--border-radius);',
                      onClick: () => {
                        emitCodes(props.multiple ? [...selected.value, p.code] : [p.code]);
                        query.value = '';
                      },
                    },
                    placeText(p),
                  ),
                ]),
              ),
            )
          : h('p', { class: 'odp-field__none', style: 'margin:4px 0 0;color:var(--theme--foreground-subdued)' }, t.noPlace)
        : null;
      return h('div', { class: 'odp-field__codes' }, [chips, search, found]);
    }

    return () => (props.kind === 'object' ? renderObject() : props.kind === 'references' ? renderReferences() : renderCodes());
  },
});
