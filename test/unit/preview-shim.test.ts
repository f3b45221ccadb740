import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Fragment, createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { fileURLToPath } from 'node:url';
import {
  Alert,
  BarChart,
  Button,
  DescriptionList,
  DescriptionListItem,
  Input,
  LineChart,
  Link,
  Modal,
  ProgressBar,
  Select,
  StatusTag,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tabs,
  Text,
  Tooltip,
  hubspot,
} from '../../src/sandbox/preview/ui-shim.tsx';
import { installPreviewHost, type PreviewConfig } from '../../src/sandbox/preview/host-state.ts';
import { buildCardPreviewBundle } from '../../src/sandbox/preview/bundle.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/preview/${name}`, import.meta.url));

describe('ui-shim components render semantic HTML', () => {
  it('renders Text with its format, variant and test id', () => {
    const html = renderToStaticMarkup(h(Text, { format: { fontWeight: 'bold', italic: true }, variant: 'microcopy', testId: 'note', children: 'Hello' }));
    expect(html).toBe('<p data-hs-component="Text" data-testid="note" class="hs-text hs-text--microcopy" style="font-weight:700;font-style:italic">Hello</p>');
    expect(renderToStaticMarkup(h(Text, { inline: true, format: { fontWeight: 'demibold' }, children: 'x' }))).toContain(
      '<span data-hs-component="Text" class="hs-text" style="font-weight:600">x</span>',
    );
  });

  it('renders StatusTag with a hollow dot of its variant', () => {
    const html = renderToStaticMarkup(h(StatusTag, { variant: 'warning', hollow: true, testId: 'status', children: 'Pending' }));
    expect(html).toContain('data-hs-component="StatusTag" data-testid="status"');
    expect(html).toContain('class="hs-status-dot hs-status-dot--warning hs-status-dot--hollow"');
    expect(html).toContain('Pending');
  });

  it('gives Alert the alert role for errors and the status role for information', () => {
    expect(renderToStaticMarkup(h(Alert, { title: 'Blocked', variant: 'danger', children: 'Needs approval' }))).toContain(
      'role="alert" class="hs-alert hs-alert--danger"><strong class="hs-alert__title">Blocked</strong>',
    );
    expect(renderToStaticMarkup(h(Alert, { title: 'FYI' }))).toContain('role="status" class="hs-alert hs-alert--info"');
  });

  it('renders Button with its type, variant, disabled state and a Tooltip overlay as its title', () => {
    const html = renderToStaticMarkup(
      h(Button, {
        type: 'submit',
        variant: 'destructive',
        disabled: true,
        testId: 'reject',
        overlay: h(Tooltip, { children: 'Only managers' }),
        children: 'Reject',
      }),
    );
    expect(html).toBe(
      '<button data-hs-component="Button" data-testid="reject" type="submit" class="hs-button hs-button--destructive" disabled="" title="Only managers">Reject</button>',
    );
  });

  it('does not render a Modal overlay until its trigger opens it', () => {
    const html = renderToStaticMarkup(h(Button, { overlay: h(Modal, { id: 'approve-modal', title: 'Approve' }, 'Body'), children: 'Open' }));
    expect(html).toContain('aria-haspopup="dialog"');
    expect(html).not.toContain('Approve');
  });

  it('opens external links in a new tab', () => {
    const html = renderToStaticMarkup(h(Link, { href: { url: 'https://aws.amazon.com/partners', external: true }, children: 'ACE' }));
    expect(html).toContain('href="https://aws.amazon.com/partners"');
    expect(html).toContain('target="_blank" rel="noopener noreferrer"');
    expect(html).toContain('(opens in a new tab)');
  });

  it('sends a link to a HubSpot record page to the stand-in’s record page', () => {
    const html = renderToStaticMarkup(
      h(Link, { href: { url: 'https://app.hubspot.com/contacts/987654/record/0-3/40000000005', external: false }, children: 'Deal' }),
    );
    expect(html).toContain('href="/preview/deals/40000000005"');
    expect(html).not.toContain('target="_blank"');
    expect(renderToStaticMarkup(h(Link, { href: 'https://app.hubspot.com/contacts/1/record/0-2/7', children: 'Company' }))).toContain(
      'href="/preview/companies/7"',
    );
  });

  it('renders BarChart and LineChart as a titled figure with their data as a table', () => {
    const bar = renderToStaticMarkup(
      h(BarChart, {
        data: [
          { cloud: 'AWS', usd: 200 },
          { cloud: 'Google Cloud', usd: 50 },
        ],
        axes: { x: { field: 'cloud', fieldType: 'category', label: 'Cloud' }, y: { field: 'usd', fieldType: 'linear', label: 'USD' } },
        options: { title: 'Won' },
        testId: 'won',
      }),
    );
    expect(bar).toContain(
      '<figure data-hs-component="BarChart" data-testid="won" class="hs-chart hs-chart--bar"><figcaption class="hs-chart__title">Won</figcaption>',
    );
    expect(bar).toContain('<th scope="col">Cloud</th><th scope="col">USD</th>');
    expect(bar).toMatch(/<td>AWS<\/td><td><span class="hs-chart__bar" style="width:100%"[^>]*><\/span>200<\/td>/);
    expect(bar).toMatch(/style="width:25%"/);
    const line = renderToStaticMarkup(
      h(LineChart, {
        data: [{ month: '2026-10', series: 'AWS', usd: 1 }],
        axes: { x: { field: 'month', fieldType: 'category' }, y: { field: 'usd', fieldType: 'linear' }, options: { groupFieldByColor: 'series' } },
      }),
    );
    expect(line).toContain('<th scope="col">month</th><th scope="col">series</th><th scope="col">usd</th>');
  });

  it('renders Input as a labelled control with its description and error message', () => {
    const html = renderToStaticMarkup(
      h(Input, {
        label: 'Reason',
        name: 'reason',
        value: 'Too small',
        required: true,
        description: 'Why go direct',
        error: true,
        validationMessage: 'Say more',
        testId: 'reason',
      }),
    );
    expect(html).toMatch(/^<label data-hs-component="Input" data-testid="reason" for="(:[^"]+:)"/);
    expect(html).toContain('<span class="hs-field__required" aria-hidden="true">*</span>');
    expect(html).toMatch(/<input id=":[^"]+:" aria-labelledby=":[^"]+:-label" aria-describedby=":[^"]+:-description :[^"]+:-message" aria-invalid="true"/);
    expect(html).toContain('name="reason" required="" value="Too small"');
    expect(html).toContain('role="alert" class="hs-field__message hs-field__message--error">Say more</span>');
  });

  it('renders Select options and marks the selected value', () => {
    const html = renderToStaticMarkup(
      h(Select, {
        label: 'Route',
        name: 'route',
        value: 'direct',
        options: [
          { label: 'Marketplace', value: 'marketplace' },
          { label: 'Direct', value: 'direct' },
        ],
      }),
    );
    expect(html).toContain('data-hs-component="Select"');
    expect(html).toContain('<option value="0">Marketplace</option><option value="1" selected="">Direct</option>');
    expect(html).not.toContain('Select an option');
  });

  it('renders only the selected tab of Tabs, with a tab list', () => {
    const html = renderToStaticMarkup(
      h(Tabs, { defaultSelected: 'b' }, h(Tab, { tabId: 'a', title: 'First' }, 'AAA'), h(Tab, { tabId: 'b', title: 'Second' }, 'BBB')),
    );
    expect(html).toContain('role="tablist"');
    expect(html).toMatch(/role="tab"[^>]*aria-selected="false"[^>]*>First</);
    expect(html).toMatch(/role="tab"[^>]*aria-selected="true"[^>]*>Second</);
    expect(html).toContain('BBB');
    expect(html).not.toContain('AAA');
  });

  it('renders tables and description lists as their HTML elements', () => {
    const table = renderToStaticMarkup(
      h(Table, {
        testId: 'deals',
        children: h(
          Fragment,
          null,
          h(TableHead, {
            children: h(TableRow, { children: h(TableHeader, { sortDirection: 'ascending', onSortChange: () => undefined, children: 'Deal' }) }),
          }),
          h(TableBody, { children: h(TableRow, { children: h(TableCell, { align: 'right', children: '10' }) }) }),
        ),
      }),
    );
    expect(table).toContain('<table class="hs-table hs-table--bordered hs-table--default"><thead data-hs-component="TableHead">');
    expect(table).toContain('aria-sort="ascending"');
    expect(table).toContain('<td data-hs-component="TableCell" style="text-align:right">10</td>');
    const list = renderToStaticMarkup(h(DescriptionList, { children: h(DescriptionListItem, { label: 'Fee', children: '3%' }) }));
    expect(list).toContain('<dt>Fee</dt><dd>3%</dd>');
  });

  it('renders ProgressBar as an accessible progressbar with its percentage', () => {
    const html = renderToStaticMarkup(h(ProgressBar, { title: 'Readiness', value: 3, maxValue: 4, showPercentage: true, variant: 'warning' }));
    expect(html).toContain('<span class="hs-progress__percent">75%</span>');
    expect(html).toContain('role="progressbar" aria-valuemin="0" aria-valuemax="4" aria-valuenow="3"');
    expect(html).toContain('hs-progress__track--warning');
  });
});

describe('hubspot.serverless against the sandbox', () => {
  const config: PreviewConfig = {
    location: 'crm.record.tab',
    cardTitle: 'Cloud co-sell',
    context: {
      location: 'crm.record.tab',
      user: { id: 7, email: 'ae@example.com', emails: ['ae@example.com'], firstName: 'A', lastName: 'E', roles: [], teams: [], permissions: [] },
      portal: { id: 123, timezone: 'UTC' },
      crm: { objectId: 42, objectTypeId: '0-3' },
    },
  };

  beforeAll(() => {
    installPreviewHost(config);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('posts the uid, parameters and record to /sandbox/serverless and resolves with the response field', async () => {
    const fetchMock = vi.fn(async () => Response.json({ logId: 'n/a', response: { ok: true } }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(hubspot.serverless('deal-cosell', { parameters: { a: 1 }, propertiesToSend: ['amount'] })).resolves.toEqual({ ok: true });
    expect(fetchMock).toHaveBeenCalledWith('/sandbox/serverless', expect.objectContaining({ method: 'POST' }));
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toEqual({
      uid: 'deal-cosell',
      parameters: { a: 1 },
      propertiesToSend: ['amount'],
      objectId: 42,
      objectTypeId: '0-3',
    });
  });

  it('rejects with an Error carrying the server message when the function fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ status: 'error', message: 'Function threw: boom' }, { status: 400 })),
    );
    await expect(hubspot.serverless('deal-cosell')).rejects.toThrow('Function threw: boom');
  });

  it('wraps the hubspot.fetch reply as a Response', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ status: 201, headers: { 'content-type': 'application/json' }, body: '{"id":1}' })),
    );
    const response = await hubspot.fetch('https://api.example.com/x', { method: 'POST', body: { a: 1 } });
    expect(response.status).toBe(201);
    await expect(response.json()).resolves.toEqual({ id: 1 });
  });
});

describe('buildCardPreviewBundle', () => {
  it('bundles a card with the shims in place of @hubspot/ui-extensions', async () => {
    const code = await buildCardPreviewBundle(fixture('sample-card.tsx'));
    expect(code).toContain('/sandbox/serverless');
    expect(code).toContain('/sandbox/record-properties');
    expect(code).toContain('sample-function');
    expect(code).toContain('Local preview, not HubSpot');
    // Nothing of HubSpot's remote renderer is bundled: the shims replace it entirely.
    expect(code).not.toContain('createRemoteReactComponent');
    expect(code).not.toContain('process.env.NODE_ENV');
    expect(await buildCardPreviewBundle(fixture('sample-card.tsx'))).toBe(code);
  });

  it('fails loudly, naming the component, when a card uses a name the shim does not map', async () => {
    await expect(buildCardPreviewBundle(fixture('unmapped-card.tsx'))).rejects.toThrow(/No matching export .* for import "Dropdown"/);
  });
});
