import type { CrmObjectRecord, CrmStore } from './crm/index.ts';
import type { ObjectTypeName } from './crm/index.ts';
import { scalarText } from './crm/values.ts';
import { previewStyles } from './preview/styles.ts';
import type { DemoUser } from './seed/index.ts';

export function escapeHtml(value: unknown): string {
  return scalarText(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** JSON for an inline <script>: `<` escaped so record text can never close the tag. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function layout(title: string, viewer: DemoUser, users: readonly DemoUser[], body: string, returnTo: string): string {
  const options = users
    .map(
      (user) =>
        `<option value="${escapeHtml(user.email)}"${user.email === viewer.email ? ' selected' : ''}>${escapeHtml(user.name)} (${escapeHtml(user.role)}${user.team ? `, ${escapeHtml(user.team)}` : ''})</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Cloud co-sell preview</title>
<style>${previewStyles}${sandboxStyles}</style></head>
<body>
<header class="sandbox-bar">
  <span class="sandbox-label" data-testid="preview-label">Local preview, not HubSpot</span>
  <a href="/">Demo portal</a> <a href="/preview/pages/approvals">Routing approvals</a>
  <form method="post" action="/sandbox/view-as" class="view-as">
    <label>View as <select name="email" data-testid="view-as" onchange="this.form.submit()">${options}</select></label>
    <input type="hidden" name="returnTo" value="${escapeHtml(returnTo)}">
    <noscript><button>Switch</button></noscript>
  </form>
</header>
<main>${body}</main>
</body></html>`;
}

const sandboxStyles = `
.sandbox-bar{display:flex;gap:16px;align-items:center;padding:8px 16px;background:#2d3e50;color:#fff;font:14px system-ui,sans-serif}
.sandbox-bar a{color:#fff}
.sandbox-label{background:#f5c26b;color:#2d3e50;padding:2px 8px;border-radius:3px;font-weight:600}
.view-as{margin-left:auto}
main{padding:16px;font:14px system-ui,sans-serif;color:#33475b}
.record{display:grid;grid-template-columns:320px 1fr;gap:24px;align-items:start}
.record-sidebar{border:1px solid #cbd6e2;border-radius:4px;padding:12px;background:#f5f8fa}
.record-sidebar label{display:block;margin:8px 0 2px;font-weight:600;font-size:12px}
.record-sidebar input,.record-sidebar select{width:100%;box-sizing:border-box;padding:4px}
.record-sidebar .error{color:#d94c53;white-space:pre-wrap}
.card-frame{border:1px solid #cbd6e2;border-radius:4px;padding:16px;background:#fff}
.card-frame h2{margin-top:0}
table.listing{border-collapse:collapse;width:100%}
table.listing td,table.listing th{border-bottom:1px solid #eaf0f6;padding:4px 8px;text-align:left}
.columns{display:grid;grid-template-columns:1fr 1fr;gap:24px}
`;

export function renderIndex(store: CrmStore, viewer: DemoUser, users: readonly DemoUser[]): string {
  const deals = store.listObjects('deals');
  const companies = store.listObjects('companies');
  const stageLabel = new Map(store.listPipelines('deals').flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage.label] as const)));
  const dealRows = deals
    .map(
      (deal) =>
        `<tr><td><a href="/preview/deals/${deal.id}">${escapeHtml(deal.properties.dealname)}</a></td><td>${escapeHtml(stageLabel.get(deal.properties.dealstage ?? '') ?? deal.properties.dealstage)}</td><td>${escapeHtml(deal.properties.amount)} ${escapeHtml(deal.properties.deal_currency_code ?? '')}</td></tr>`,
    )
    .join('');
  const companyRows = companies
    .map(
      (company) =>
        `<tr><td><a href="/preview/companies/${company.id}">${escapeHtml(company.properties.name)}</a></td><td>${escapeHtml(company.properties.country)}</td></tr>`,
    )
    .join('');
  return layout(
    'Demo portal',
    viewer,
    users,
    `<h1>Demo portal</h1>
<p>A local stand-in for a HubSpot portal. Open a record to see the app's card as the person chosen in "View as".</p>
<div class="columns">
<section><h2>Deals (${deals.length})</h2><table class="listing" data-testid="deal-list"><tr><th>Deal</th><th>Stage</th><th>Amount</th></tr>${dealRows}</table></section>
<section><h2>Companies (${companies.length})</h2><table class="listing" data-testid="company-list"><tr><th>Company</th><th>Country</th></tr>${companyRows}</table></section>
</div>`,
    '/',
  );
}

export interface EditableProperty {
  name: string;
  label: string;
  type: string;
  options: { label: string; value: string }[];
  /** A multiple-checkbox enumeration: HubSpot stores the picked values joined by ";". */
  multiple?: boolean;
}

function editor(
  record: CrmObjectRecord,
  objectType: ObjectTypeName,
  properties: readonly EditableProperty[],
  form: { title: string; testId: string } = { title: 'About this record', testId: 'record-editor' },
): string {
  const fields = properties
    .map((property) => {
      const value = record.properties[property.name] ?? '';
      const id = `prop-${property.name}`;
      const isDate = property.type === 'date' || property.type === 'datetime';
      const input =
        property.type === 'enumeration' || property.type === 'bool'
          ? `<select id="${id}" name="${escapeHtml(property.name)}"${property.multiple ? ' multiple' : ''}>${property.multiple ? '' : '<option value=""></option>'}${(property.type ===
            'bool'
              ? [
                  { label: 'Yes', value: 'true' },
                  { label: 'No', value: 'false' },
                ]
              : property.options
            )
              .map(
                (option) =>
                  `<option value="${escapeHtml(option.value)}"${(property.multiple ? value.split(';').includes(option.value) : option.value === value) ? ' selected' : ''}>${escapeHtml(option.label)}</option>`,
              )
              .join('')}</select>`
          : `<input id="${id}" name="${escapeHtml(property.name)}" value="${escapeHtml(isDate ? value.slice(0, 10) : value)}"${isDate ? ' type="date"' : ''}>`;
      return `<label for="${id}">${escapeHtml(property.label)}</label>${input}`;
    })
    .join('');
  const suffix = form.testId === 'record-editor' ? '' : '-app';
  return `<form class="record-editor" data-testid="${form.testId}" data-object-type="${objectType}" data-object-id="${record.id}">
<h3>${escapeHtml(form.title)}</h3>${fields}
<p><button type="submit" data-testid="save-record${suffix}">Save</button> <span class="status" data-testid="save-status${suffix}"></span></p>
<p class="error" data-testid="save-error${suffix}"></p></form>`;
}

/** Plain script for the record sidebar: saves as the viewer, then tells the card the record changed. */
const editorScript = `
document.querySelectorAll('form.record-editor, form.record-create').forEach((form) => {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const properties = {};
    for (const element of form.elements) if (element.name) properties[element.name] = element.multiple ? [...element.selectedOptions].map((option) => option.value).join(';') : element.value;
    const status = form.querySelector('.status'); const error = form.querySelector('.error');
    status.textContent = 'Saving…'; error.textContent = '';
    const body = form.classList.contains('record-create')
      ? { objectType: form.dataset.objectType, properties, associateWith: JSON.parse(form.dataset.associateWith || '[]'), source: form.dataset.source || 'CRM_UI' }
      : { objectType: form.dataset.objectType, id: form.dataset.objectId, properties };
    const response = await fetch(form.classList.contains('record-create') ? '/sandbox/record-create' : '/sandbox/record-update', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json();
    if (!response.ok) { status.textContent = ''; error.textContent = answer.message; return; }
    status.textContent = form.classList.contains('record-create') ? 'Created ' + answer.id : 'Saved';
    if (form.classList.contains('record-create')) { const link = document.createElement('a'); link.href = '/preview/' + body.objectType + '/' + answer.id; link.textContent = ' open'; link.dataset.testid = 'created-link'; status.append(link); form.reset(); }
    window.dispatchEvent(new CustomEvent('sandbox:record-changed'));
  });
});`;

export interface RecordPageInput {
  store: CrmStore;
  viewer: DemoUser;
  users: readonly DemoUser[];
  objectType: 'deals' | 'companies';
  record: CrmObjectRecord;
  editable: readonly EditableProperty[];
  /** The app's own properties: HubSpot lets anyone with edit rights change them, so the preview does too. */
  appOwned: readonly EditableProperty[];
  preview: unknown;
  bundleUrl: string;
  /** Extra HubSpot UI the app's flows need: create a deal for a company, a web form submission. */
  extras: string;
}

export function renderRecordPage(input: RecordPageInput): string {
  const { store, record, objectType } = input;
  const title = objectType === 'deals' ? record.properties.dealname : record.properties.name;
  const related = (type: ObjectTypeName, label: string, nameProperty: string) => {
    const links = store
      .getAssociations(objectType, record.id, type)
      .map((association) => store.getObject(type, association.toId))
      .filter((linked): linked is CrmObjectRecord => linked !== undefined)
      .map((linked) =>
        type === 'contacts'
          ? `<li>${escapeHtml(`${linked.properties.firstname ?? ''} ${linked.properties.lastname ?? ''}`.trim())} ${escapeHtml(linked.properties.email ?? '')}</li>`
          : `<li><a href="/preview/${type}/${linked.id}">${escapeHtml(linked.properties[nameProperty])}</a></li>`,
      )
      .join('');
    return links ? `<h3>${label}</h3><ul data-testid="related-${type}">${links}</ul>` : '';
  };
  return layout(
    String(title ?? record.id),
    input.viewer,
    input.users,
    `<h1 data-testid="record-title">${escapeHtml(title)}</h1>
<div class="record">
<aside class="record-sidebar">${editor(record, objectType, input.editable)}<details data-testid="app-owned-properties"><summary>Cloud co-sell properties (app-owned)</summary>${editor(record, objectType, input.appOwned, { title: 'Edit as this person, outside the app', testId: 'record-editor-app' })}</details>
${objectType === 'deals' ? related('companies', 'Company', 'name') : related('deals', 'Deals', 'dealname')}
${related('contacts', 'Contacts', 'email')}
${input.extras}</aside>
<section class="card-frame" data-testid="card-frame"><div id="card-root"></div></section>
</div>
<script>window.__SANDBOX_PREVIEW__ = ${inlineJson(input.preview)};</script>
<script src="${escapeHtml(input.bundleUrl)}"></script>
<script>${editorScript}</script>`,
    `/preview/${objectType}/${record.id}`,
  );
}

/** An app page (app/pages) rendered by its real module as the viewer, like a record card without the record. */
export function renderAppPage(input: {
  viewer: DemoUser;
  users: readonly DemoUser[];
  title: string;
  preview: unknown;
  bundleUrl: string;
  returnTo: string;
}): string {
  return layout(
    input.title,
    input.viewer,
    input.users,
    `<section class="card-frame" data-testid="page-frame"><div id="card-root"></div></section>
<script>window.__SANDBOX_PREVIEW__ = ${inlineJson(input.preview)};</script>
<script src="${escapeHtml(input.bundleUrl)}"></script>`,
    input.returnTo,
  );
}

export function renderCreateForm(options: {
  title: string;
  objectType: 'deals' | 'contacts';
  testId: string;
  fields: { name: string; label: string; value?: string; options?: { label: string; value: string }[] }[];
  associateWith: { objectType: string; id: string }[];
  source: 'CRM_UI' | 'FORM';
}): string {
  const fields = options.fields
    .map((field) => {
      const id = `${options.testId}-${field.name}`;
      const input = field.options
        ? `<select id="${id}" name="${field.name}">${field.options.map((option) => `<option value="${escapeHtml(option.value)}"${option.value === field.value ? ' selected' : ''}>${escapeHtml(option.label)}</option>`).join('')}</select>`
        : `<input id="${id}" name="${field.name}" value="${escapeHtml(field.value ?? '')}">`;
      return `<label for="${id}">${escapeHtml(field.label)}</label>${input}`;
    })
    .join('');
  return `<form class="record-create" data-testid="${options.testId}" data-object-type="${options.objectType}" data-source="${options.source}" data-associate-with="${escapeHtml(JSON.stringify(options.associateWith))}">
<h3>${escapeHtml(options.title)}</h3>${fields}
<p><button type="submit">${escapeHtml(options.title)}</button> <span class="status" data-testid="${options.testId}-status"></span></p><p class="error"></p></form>`;
}

export function renderMessagePage(viewer: DemoUser, users: readonly DemoUser[], title: string, message: string, status = ''): string {
  return layout(title, viewer, users, `<h1>${escapeHtml(title)}</h1><p data-testid="page-message">${escapeHtml(message)}</p>${status}`, '/');
}
