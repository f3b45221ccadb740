// The preview page's stand-in for HubSpot's extension host: renders the card registered with
// `hubspot.extend` into #card-root with the context the server injected, plus host alerts.
import { Component, useState, type ErrorInfo, type ReactElement, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { dismissAlert, installPreviewHost, registeredRenderCallback, useHostAlerts, type PreviewApi, type PreviewConfig } from './host-state.ts';

declare global {
  interface Window {
    __SANDBOX_PREVIEW__?: PreviewConfig;
  }
}

/** Mounts the card whose module has already been imported (and so has called `hubspot.extend`). */
export function mountPreviewCard(): void {
  const container = document.getElementById('card-root');
  if (!container) throw new Error('The preview page has no #card-root element to render the card into.');
  const root = createRoot(container);
  const config = window.__SANDBOX_PREVIEW__;
  const render = registeredRenderCallback();
  if (!config) {
    root.render(<HostProblem>The page did not provide window.__SANDBOX_PREVIEW__, so there is no record or user to preview as.</HostProblem>);
    return;
  }
  if (!render) {
    root.render(<HostProblem>The card module did not call hubspot.extend(...), so there is nothing to render.</HostProblem>);
    return;
  }
  const api = installPreviewHost(config);
  root.render(<PreviewHost cardTitle={config.cardTitle} api={api} render={render} />);
}

function PreviewHost({ cardTitle, api, render }: { cardTitle?: string; api: PreviewApi; render: (api: PreviewApi) => ReactElement }) {
  return (
    <div className="hs-preview" data-location={api.context.location}>
      <p className="hs-preview-label">Local preview, not HubSpot</p>
      {cardTitle && <h1 className="hs-preview-title">{cardTitle}</h1>}
      <HostAlerts />
      <CardErrorBoundary>
        <RenderedCard api={api} render={render} />
      </CardErrorBoundary>
    </div>
  );
}

/** HubSpot calls the extend callback once and keeps rendering the element it returned. */
function RenderedCard({ api, render }: { api: PreviewApi; render: (api: PreviewApi) => ReactElement }) {
  const [element] = useState(() => render(api));
  return element;
}

function HostAlerts() {
  const alerts = useHostAlerts();
  if (alerts.length === 0) return null;
  return (
    <div className="hs-host-alerts">
      {alerts.map((alert) => (
        <div key={alert.id} role="alert" className={`hs-alert hs-alert--${alert.type} hs-host-alert`} data-testid="host-alert">
          <div>
            {alert.title && <strong className="hs-alert__title">{alert.title}</strong>}
            <div className="hs-alert__body">{alert.message}</div>
          </div>
          <button type="button" className="hs-host-alert__dismiss" aria-label="Dismiss" onClick={() => dismissAlert(alert.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

function HostProblem({ children }: { children: ReactNode }) {
  return (
    <div role="alert" className="hs-preview-error" data-testid="preview-error">
      <strong>The preview could not start</strong>
      <p>{children}</p>
    </div>
  );
}

class CardErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('[preview] the card crashed while rendering', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="hs-preview-error" data-testid="card-error">
        <strong>The card crashed while rendering</strong>
        <p>{error.message}</p>
        {error.stack && <pre>{error.stack}</pre>}
      </div>
    );
  }
}
