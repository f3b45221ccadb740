/** Stylesheet for the card preview page, inlined by the server: a light HubSpot-like look for the shims. */
export const previewStyles = `
.hs-preview {
  --hs-text: #33475b;
  --hs-muted: #516f90;
  --hs-border: #cbd6e2;
  --hs-surface: #f5f8fa;
  --hs-accent: #ff7a59;
  --hs-link: #0091ae;
  --hs-success: #00bda5;
  --hs-warning: #f5c26b;
  --hs-danger: #f2545b;
  --hs-info: #7fd1de;
  font-family: Lexend, 'Avenir Next', Avenir, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  font-size: 14px;
  line-height: 1.5;
  color: var(--hs-text);
  max-width: 960px;
  margin: 0 auto;
  padding: 16px;
}
.hs-preview *, .hs-preview *::before, .hs-preview *::after { box-sizing: border-box; }
.hs-preview-label {
  display: inline-block;
  margin: 0 0 12px;
  padding: 2px 10px;
  border: 1px dashed #7c98b6;
  border-radius: 12px;
  background: #fef8f0;
  color: #7c5b1f;
  font-size: 12px;
  font-weight: 600;
  letter-spacing: 0.02em;
  text-transform: uppercase;
}
.hs-preview-title { font-size: 20px; font-weight: 600; margin: 0 0 12px; }
.hs-preview-error {
  border: 2px solid var(--hs-danger);
  border-radius: 4px;
  background: #fde8e9;
  padding: 12px 16px;
  color: #7a1d21;
}
.hs-preview-error pre { white-space: pre-wrap; font-size: 12px; overflow-x: auto; }
.hs-visually-hidden {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; margin: -1px; padding: 0; border: 0;
}

.hs-text { margin: 0 0 8px; }
span.hs-text { margin: 0; }
.hs-text--microcopy { font-size: 12px; color: var(--hs-muted); }
.hs-text--sentence-case { text-transform: lowercase; }
.hs-text--sentence-case::first-letter { text-transform: uppercase; }
.hs-text--truncate { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.hs-heading { font-size: 16px; font-weight: 600; margin: 0 0 8px; }
.hs-heading--inline { display: inline; }
.hs-divider { border: 0; border-top: 1px solid var(--hs-border); }
.hs-card, .hs-tile { border: 1px solid var(--hs-border); border-radius: 4px; background: #fff; padding: 16px; }
.hs-tile--compact { padding: 8px; }
.hs-tile--flush { padding-left: 0; padding-right: 0; }

.hs-tag {
  display: inline-flex; align-items: center; gap: 4px; padding: 0 8px; border-radius: 3px;
  border: 1px solid var(--hs-border); background: #eaf0f6; font-size: 12px; font-weight: 500;
  color: var(--hs-text); font-family: inherit; line-height: 20px;
}
button.hs-tag { cursor: pointer; }
.hs-tag--success { background: #e5f8f6; border-color: var(--hs-success); }
.hs-tag--warning { background: #fef8f0; border-color: var(--hs-warning); }
.hs-tag--error { background: #fde8e9; border-color: var(--hs-danger); }
.hs-tag--info { background: #e5f5f8; border-color: var(--hs-info); }
.hs-status-tag { display: inline-flex; align-items: center; gap: 6px; font-size: 14px; }
.hs-status-tag__button, .hs-status-tag__remove {
  display: inline-flex; align-items: center; gap: 6px; border: 0; background: none; padding: 0;
  font: inherit; color: inherit; cursor: pointer;
}
.hs-status-dot { width: 8px; height: 8px; border-radius: 50%; background: #cbd6e2; border: 2px solid #cbd6e2; }
.hs-status-dot--success { background: var(--hs-success); border-color: var(--hs-success); }
.hs-status-dot--warning { background: var(--hs-warning); border-color: var(--hs-warning); }
.hs-status-dot--danger { background: var(--hs-danger); border-color: var(--hs-danger); }
.hs-status-dot--info { background: var(--hs-info); border-color: var(--hs-info); }
.hs-status-dot--hollow { background: transparent; }

.hs-alert {
  border: 1px solid var(--hs-info); border-left-width: 4px; border-radius: 3px;
  background: #e5f5f8; padding: 10px 14px; margin: 0 0 12px;
}
.hs-alert__title { display: block; font-weight: 600; }
.hs-alert--success { border-color: var(--hs-success); background: #e5f8f6; }
.hs-alert--warning { border-color: var(--hs-warning); background: #fef8f0; }
.hs-alert--error, .hs-alert--danger { border-color: var(--hs-danger); background: #fde8e9; }
.hs-alert--tip { border-color: #7c98b6; background: var(--hs-surface); }
.hs-host-alert { display: flex; justify-content: space-between; align-items: flex-start; gap: 12px; }
.hs-host-alert__dismiss { border: 0; background: none; font-size: 18px; cursor: pointer; color: inherit; }

.hs-spinner { display: inline-flex; align-items: center; gap: 8px; color: var(--hs-muted); }
.hs-spinner--centered { display: flex; justify-content: center; padding: 16px; }
.hs-spinner__wheel {
  width: 16px; height: 16px; border-radius: 50%; border: 2px solid var(--hs-border);
  border-top-color: var(--hs-accent); animation: hs-spin 0.8s linear infinite; display: inline-block;
}
.hs-spinner--md .hs-spinner__wheel { width: 24px; height: 24px; }
.hs-spinner__wheel--inline { width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; }
@keyframes hs-spin { to { transform: rotate(360deg); } }

.hs-state { display: flex; gap: 16px; align-items: center; padding: 16px 0; }
.hs-state--vertical { flex-direction: column; text-align: center; }
.hs-state--flush { padding: 0; }
.hs-state__image {
  flex: none; width: 56px; height: 56px; border-radius: 50%; background: var(--hs-surface);
  display: inline-flex; align-items: center; justify-content: center; font-size: 24px; color: #7c98b6;
}
.hs-state--error .hs-state__image { color: var(--hs-danger); }
.hs-state__title { font-size: 16px; font-weight: 600; margin: 0 0 4px; }
.hs-illustration { display: inline-block; min-width: 32px; min-height: 32px; background: var(--hs-surface); border-radius: 4px; }
.hs-icon { display: inline-block; line-height: 1; }
.hs-icon--alert { color: var(--hs-danger); }
.hs-icon--warning { color: #b7862e; }
.hs-icon--success { color: var(--hs-success); }
.hs-icon--lg { font-size: 20px; }
.hs-icon--sm { font-size: 11px; }

.hs-button {
  display: inline-flex; align-items: center; justify-content: center; gap: 4px;
  border: 1px solid var(--hs-accent); border-radius: 3px; padding: 8px 16px;
  font: inherit; font-weight: 500; cursor: pointer; background: #fff; color: var(--hs-accent);
}
.hs-button--primary { background: var(--hs-accent); color: #fff; }
.hs-button--destructive { background: var(--hs-danger); border-color: var(--hs-danger); color: #fff; }
.hs-button--transparent { border-color: transparent; background: transparent; color: var(--hs-link); padding: 4px 8px; }
.hs-button--xs, .hs-button--extra-small { padding: 2px 8px; font-size: 12px; }
.hs-button--sm, .hs-button--small { padding: 4px 12px; font-size: 13px; }
.hs-button--truncate { max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.hs-button:disabled { opacity: 0.5; cursor: not-allowed; }
.hs-button:focus-visible, .hs-input:focus-visible, .hs-link:focus-visible { outline: 2px solid var(--hs-link); outline-offset: 1px; }
.hs-button-row { display: flex; flex-wrap: wrap; gap: 8px; }
.hs-link { color: var(--hs-link); text-decoration: none; font-weight: 500; }
.hs-link:hover { text-decoration: underline; }
.hs-link--destructive { color: var(--hs-danger); }
.hs-link--light { color: #fff; }
.hs-link--dark { color: var(--hs-text); }

.hs-list { margin: 0 0 8px; padding-left: 0; list-style: none; }
.hs-list--unordered-styled { list-style: disc; padding-left: 20px; }
.hs-list--ordered, .hs-list--ordered-styled { list-style: decimal; padding-left: 20px; }
.hs-list--inline, .hs-list--inline-divided { display: flex; flex-wrap: wrap; gap: 8px; }
.hs-list--inline-divided > li + li { border-left: 1px solid var(--hs-border); padding-left: 8px; }
.hs-description-list { margin: 0 0 8px; display: grid; gap: 8px 24px; }
.hs-description-list--row { grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); }
.hs-description-list dt { font-size: 12px; color: var(--hs-muted); font-weight: 600; }
.hs-description-list dd { margin: 0; }
.hs-description-list__label { display: block; font-size: 12px; color: var(--hs-muted); font-weight: 600; }
.hs-crm-property-list__value { border: 0; background: transparent; padding: 0; font: inherit; color: inherit; text-align: left; cursor: pointer; border-bottom: 1px dashed var(--hs-muted); }
.hs-crm-property-list__value:disabled { cursor: default; border-bottom: 0; }
.hs-crm-property-list__editor { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.hs-crm-property-list__error { color: var(--hs-danger); font-size: 12px; }

.hs-table-wrap { overflow-x: auto; margin-bottom: 16px; }
.hs-table-wrap--flush { margin-bottom: 0; }
.hs-table { width: 100%; border-collapse: collapse; background: #fff; }
.hs-table th { background: var(--hs-surface); font-size: 12px; text-transform: uppercase; font-weight: 600; text-align: left; }
.hs-table th, .hs-table td { padding: 10px 12px; }
.hs-table--condensed th, .hs-table--condensed td { padding: 6px 10px; }
.hs-table--compact th, .hs-table--compact td { padding: 2px 8px; }
.hs-table--bordered th, .hs-table--bordered td { border: 1px solid var(--hs-border); }
.hs-table tfoot td { font-weight: 600; background: var(--hs-surface); }
.hs-table__sort { border: 0; background: none; font: inherit; color: inherit; text-transform: inherit; cursor: pointer; padding: 0; }
.hs-pagination { display: flex; gap: 4px; align-items: center; margin-top: 8px; }
.hs-pagination [aria-current='page'] { font-weight: 700; color: var(--hs-text); }

.hs-chart { margin: 8px 0; }
.hs-chart__title { font-weight: 600; margin-bottom: 4px; }
.hs-chart__bar { display: inline-block; height: 8px; margin-right: 8px; background: #00a4bd; vertical-align: middle; max-width: 60%; }
.hs-statistics { display: flex; flex-wrap: wrap; gap: 24px; margin: 0 0 8px; }
.hs-statistics__label { font-size: 12px; color: var(--hs-muted); font-weight: 600; text-transform: uppercase; }
.hs-statistics__number { margin: 0; font-size: 24px; font-weight: 300; }
.hs-statistics__extra { margin: 0; }
.hs-trend--green { color: #00a38d; }
.hs-trend--red { color: #d94c53; }
.hs-progress { margin: 0 0 8px; }
.hs-progress__header { display: flex; justify-content: space-between; font-size: 12px; font-weight: 600; }
.hs-progress__track { height: 8px; border-radius: 4px; background: #eaf0f6; overflow: hidden; }
.hs-progress__fill { height: 100%; background: var(--hs-success); }
.hs-progress__track--warning .hs-progress__fill { background: var(--hs-warning); }
.hs-progress__track--danger .hs-progress__fill { background: var(--hs-danger); }
.hs-progress__description { font-size: 12px; color: var(--hs-muted); }

.hs-accordion { border-bottom: 1px solid var(--hs-border); margin-bottom: 8px; }
.hs-accordion__title {
  width: 100%; text-align: left; border: 0; background: none; font: inherit; font-weight: 600;
  color: inherit; padding: 8px 0; cursor: pointer;
}
.hs-accordion__body { padding: 0 0 12px 16px; }
.hs-tabs__list { display: flex; border-bottom: 1px solid var(--hs-border); margin-bottom: 12px; }
.hs-tabs--fill .hs-tabs__tab { flex: 1; }
.hs-tabs__tab {
  border: 0; border-bottom: 3px solid transparent; background: none; font: inherit;
  color: var(--hs-muted); padding: 8px 16px; cursor: pointer;
}
.hs-tabs__tab[aria-selected='true'] { color: var(--hs-text); border-bottom-color: var(--hs-accent); font-weight: 600; }
.hs-tabs--enclosed .hs-tabs__tab[aria-selected='true'] { background: #fff; border: 1px solid var(--hs-border); border-bottom-color: #fff; }

.hs-overlay {
  border: 1px solid var(--hs-border); border-radius: 4px; background: #fff; margin: 12px 0;
  box-shadow: 0 4px 16px rgba(45, 62, 80, 0.15); max-width: 560px;
}
.hs-overlay--md { max-width: 720px; }
.hs-overlay--lg { max-width: 100%; }
.hs-overlay--panel { border-left: 4px solid var(--hs-link); }
.hs-overlay--danger .hs-overlay__header { background: var(--hs-danger); }
.hs-overlay__header {
  display: flex; justify-content: space-between; align-items: center; gap: 12px;
  background: #00a4bd; color: #fff; padding: 10px 16px; border-radius: 3px 3px 0 0;
}
.hs-overlay__title { font-size: 16px; font-weight: 600; margin: 0; }
.hs-overlay__close { border: 0; background: none; color: inherit; font-size: 20px; cursor: pointer; margin-left: auto; }
.hs-overlay__body, .hs-overlay__section { padding: 16px; }
.hs-overlay__section--flush { padding-bottom: 0; }
.hs-overlay__footer { display: flex; gap: 8px; justify-content: flex-end; padding: 12px 16px; border-top: 1px solid var(--hs-border); }

.hs-field { display: flex; flex-direction: column; gap: 4px; margin: 0 0 12px; }
.hs-field__label-row { display: flex; gap: 4px; align-items: baseline; }
.hs-field__label { font-weight: 600; font-size: 14px; }
.hs-field__required { color: var(--hs-danger); }
.hs-field__tooltip { color: var(--hs-muted); cursor: help; }
.hs-field__description { display: block; font-size: 12px; color: var(--hs-muted); }
.hs-field__message { font-size: 12px; }
.hs-field__message--error { color: #d94c53; }
.hs-field__message--success { color: #00a38d; }
.hs-input {
  width: 100%; border: 1px solid var(--hs-border); border-radius: 3px; background: var(--hs-surface);
  padding: 8px 10px; font: inherit; color: inherit;
}
.hs-field--error .hs-input { border-color: var(--hs-danger); }
.hs-input[readonly] { background: #eaf0f6; }
.hs-select--transparent { background: transparent; border-color: transparent; }
.hs-number { display: flex; align-items: center; gap: 6px; }
.hs-number__prefix { font-size: 12px; font-weight: 600; color: var(--hs-muted); }
.hs-fieldset { border: 0; padding: 0; margin: 0 0 12px; }
.hs-fieldset legend { padding: 0; margin-bottom: 4px; }
.hs-fieldset__options { display: flex; flex-direction: column; gap: 4px; }
.hs-fieldset--inline .hs-fieldset__options { flex-direction: row; flex-wrap: wrap; gap: 16px; }
.hs-choice { display: flex; gap: 8px; align-items: flex-start; cursor: pointer; }
.hs-choice--inline { display: inline-flex; margin-right: 16px; }
.hs-choice input { margin-top: 3px; accent-color: var(--hs-link); }
.hs-toggle { display: inline-flex; align-items: center; gap: 8px; cursor: pointer; margin-bottom: 8px; }
.hs-toggle--top { flex-direction: column; align-items: flex-start; }
.hs-toggle__switch { position: relative; display: inline-flex; }
.hs-toggle__input { position: absolute; inset: 0; opacity: 0; width: 100%; height: 100%; margin: 0; cursor: pointer; }
.hs-toggle__track {
  display: inline-flex; align-items: center; justify-content: center; min-width: 44px; height: 22px;
  border-radius: 11px; background: #cbd6e2; color: #fff; font-size: 10px; font-weight: 700; padding: 0 6px;
}
.hs-toggle__input:checked + .hs-toggle__track { background: var(--hs-success); }
.hs-toggle__input:focus-visible + .hs-toggle__track { outline: 2px solid var(--hs-link); outline-offset: 1px; }
.hs-tooltip { font-size: 12px; color: var(--hs-muted); }
`;
