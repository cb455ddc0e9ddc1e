// The workspace's way to the CMS: the typed client of cms/src/client.ts with the signed-in editor's
// own token, so that Directus's permissions and the catalog hook judge every read and write. Errors
// Directus answers with become field errors the forms show beside their fields.
import { OdpError, type FieldError } from '../../../../catalog-schema/src/errors.ts';
import { tokenClient, type Cms } from '../../../../cms/src/client.ts';
import { workspaceSettings, type Session } from './session.ts';

/** The workspace is not configured (no ODP_DIRECTUS_URL or ODP_SESSION_SECRET). */
export class WorkspaceOffError extends OdpError {
  override name = 'WorkspaceOffError';
  constructor() {
    super('WORKSPACE_OFF', 'Không gian xuất bản chưa được cấu hình (ODP_DIRECTUS_URL, ODP_SESSION_SECRET) / the publishing workspace is not configured (ODP_DIRECTUS_URL, ODP_SESSION_SECRET)');
  }
}

/** The CMS client acting as the session's editor. */
export function editorCms(session: Session): Cms {
  const cfg = workspaceSettings();
  if (!cfg) throw new WorkspaceOffError();
  return tokenClient(cfg.directusUrl, session.token);
}

interface DirectusErrorItem {
  message?: string;
  extensions?: { code?: string; errors?: FieldError[]; reason_vi?: string; reason_en?: string; field?: string; reason?: string };
}

/** The HTTP status of a CMS error (0 when Directus was not reached). */
export function cmsErrorStatus(err: unknown): number {
  const e = err as { response?: { status?: number }; errors?: unknown };
  if (typeof e?.response?.status === 'number') return e.response.status;
  return Array.isArray(e?.errors) ? 500 : 0;
}

/** Splits "vi / en" as the hook's messages are written; a message in one language is used for both. */
function bothLanguages(message: string): { message_vi: string; message_en: string } {
  const i = message.indexOf(' / ');
  return i > 0 ? { message_vi: message.slice(0, i), message_en: message.slice(i + 3) } : { message_vi: message, message_en: message };
}

/**
 * A CMS error as field errors: the validation hook's own (they name fields), a refusal of the hook
 * (its reason, on the record: field ""), or Directus's message. Nothing is dropped: an error that is
 * none of these still says what Directus said.
 */
export function cmsFieldErrors(err: unknown): FieldError[] {
  const e = err as { errors?: DirectusErrorItem[]; message?: string };
  if (!Array.isArray(e?.errors)) {
    return [
      {
        field: '',
        code: 'cms_unavailable',
        message_vi: 'Hệ thống quản trị nội dung (CMS) đang không trả lời; chưa có gì được lưu. Hãy thử lại sau ít phút.',
        message_en: 'The CMS is not answering; nothing was saved. Try again in a few minutes.',
      },
    ];
  }
  return e.errors.flatMap((x): FieldError[] => {
    const ext = x.extensions ?? {};
    if (Array.isArray(ext.errors) && ext.errors.length) return ext.errors;
    const code = (ext.code ?? 'cms_error').toLowerCase();
    if (ext.reason_vi && ext.reason_en) return [{ field: '', code, message_vi: ext.reason_vi, message_en: ext.reason_en }];
    if (ext.code === 'TOKEN_EXPIRED' || ext.code === 'INVALID_CREDENTIALS') {
      return [{ field: '', code, message_vi: 'Phiên đăng nhập đã hết; chưa có gì được lưu. Hãy đăng nhập lại.', message_en: 'Your session has ended; nothing was saved. Sign in again.' }];
    }
    return [{ field: ext.field ?? '', code, ...bothLanguages(x.message ?? ext.reason ?? code) }];
  });
}
