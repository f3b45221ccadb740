// Stand-in for `@hubspot/ui-extensions` in the local card preview: the same component names, props and
// callback signatures as the real package (values, not DOM events), rendered as plain accessible HTML.
// Names left out here are deliberately absent so that bundling a card that uses one fails loudly.
import {
  Children,
  createContext,
  isValidElement,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type CSSProperties,
  type MouseEvent as ReactMouseEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import type {
  AccordionProps,
  AlertProps,
  AllDistances,
  AutoGridProps,
  BarChartProps,
  BoxProps,
  ButtonProps,
  ButtonRowProps,
  CardProps,
  CheckboxProps,
  CurrencyInputProps,
  DateInputProps,
  DescriptionListItemProps,
  DescriptionListProps,
  DividerProps,
  EmptyStateProps,
  ErrorStateProps,
  FlexProps,
  FormInputValues,
  FormProps,
  HeadingProps,
  HrefProp,
  IconNames,
  IconProps,
  IllustrationProps,
  ImageProps,
  InlineProps,
  InputProps,
  LineChartProps,
  LinkProps,
  ListProps,
  LoadingButtonProps,
  LoadingSpinnerProps,
  ModalBodyProps,
  ModalFooterProps,
  ModalProps,
  MultiSelectProps,
  NumberInputProps,
  PanelBodyProps,
  PanelFooterProps,
  PanelProps,
  PanelSectionProps,
  ProgressBarProps,
  RadioButtonProps,
  Reactions,
  SelectProps,
  SpacerProps,
  StackProps,
  StatisticsItemProps,
  StatisticsProps,
  StatisticsTrendProps,
  StatusTagProps,
  TabProps,
  TableCellProps,
  TableElementProps,
  TableHeaderProps,
  TableProps,
  TabsProps,
  TagProps,
  TextAreaProps,
  TextProps,
  TileProps,
  ToggleGroupProps,
  ToggleProps,
  TooltipProps,
  SortedTableHeaderProps,
  hubspot as RealHubspot,
  logger as RealLogger,
  useExtensionActions as RealUseExtensionActions,
  useExtensionApi as RealUseExtensionApi,
  useExtensionContext as RealUseExtensionContext,
} from '@hubspot/ui-extensions';
import {
  callServerless,
  closeOverlay,
  openOverlay,
  previewActions,
  previewApi,
  previewConfig,
  readSandboxJson,
  registerRenderCallback,
  useOverlayOpen,
} from './host-state.ts';

// ---------------------------------------------------------------------------------------------------
// Events, as the real package constructs them from the DOM event.

export class ExtensionEvent {
  type: string;
  bubbles: boolean;
  timeStamp: number;
  id: string;
  constructor(event: Event) {
    this.type = event.type;
    this.bubbles = event.bubbles;
    this.timeStamp = event.timeStamp;
    this.id = crypto.randomUUID();
  }
}

export class FormSubmitExtensionEvent<V> extends ExtensionEvent {
  targetValue: V;
  constructor(value: V, event: Event) {
    super(event);
    this.targetValue = value;
  }
}

// ---------------------------------------------------------------------------------------------------
// Shared helpers.

const SPACING: Record<AllDistances, string> = {
  flush: '0',
  'extra-small': '4px',
  xs: '4px',
  small: '8px',
  sm: '8px',
  medium: '16px',
  md: '16px',
  large: '24px',
  lg: '24px',
  'extra-large': '32px',
  xl: '32px',
};

function space(distance: AllDistances | undefined, fallback: AllDistances = 'flush'): string {
  return SPACING[distance ?? fallback];
}

const FLEX_POSITION: Record<string, string> = {
  start: 'flex-start',
  end: 'flex-end',
  center: 'center',
  baseline: 'baseline',
  stretch: 'stretch',
  around: 'space-around',
  between: 'space-between',
  auto: 'auto',
};

/** The attributes every shim component puts on its root element, for browser tests to target. */
function rootAttributes(component: string, testId: string | undefined) {
  return { 'data-hs-component': component, 'data-testid': testId };
}

function classNames(...names: Array<string | false | undefined>): string {
  return names.filter(Boolean).join(' ');
}

/** Plain text of a React tree, for places HTML can only hold text (title attributes). */
function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return '';
}

const overlayReactions: Reactions = {
  openModal: openOverlay,
  closeModal: closeOverlay,
  openPanel: openOverlay,
  closePanel: closeOverlay,
};

function isExternalUrl(url: string): boolean {
  try {
    return new URL(url, window.location.href).origin !== window.location.origin;
  } catch {
    return false;
  }
}

/** A HubSpot record page (app.hubspot.com/contacts/<portal>/record/<type>/<id>) is the stand-in's own record page here. */
const HUBSPOT_RECORD_URL = /^https:\/\/app\.hubspot\.com\/contacts\/\d+\/record\/(0-3|0-2)\/(\d+)\/?$/;

function resolveHref(href: HrefProp): { url: string; external: boolean } {
  const given = typeof href === 'string' ? href : href.url;
  const record = HUBSPOT_RECORD_URL.exec(given);
  const url = record ? `/preview/${record[1] === '0-3' ? 'deals' : 'companies'}/${record[2]}` : given;
  const external = typeof href === 'string' ? undefined : href.external;
  return { url, external: external ?? (typeof window !== 'undefined' && isExternalUrl(url)) };
}

function followHref(href: HrefProp): void {
  const { url, external } = resolveHref(href);
  if (external) window.open(url, '_blank', 'noopener,noreferrer');
  else window.location.assign(url);
}

// The overlay id a trigger opened, so a Modal/Panel can close itself even when wrapped in a component.
const OpenedOverlayContext = createContext<string | undefined>(undefined);

/**
 * The `overlay` prop of Button, LoadingButton, Link, Tag and Image: a Tooltip becomes the trigger's
 * title; a Modal or Panel opens below the trigger when it is clicked (or via reactions).
 */
function useOverlayTrigger(overlay: ReactNode) {
  const generatedId = useId();
  const element = isValidElement<{ id?: unknown; children?: ReactNode }>(overlay) ? overlay : undefined;
  const isTooltip = element?.type === Tooltip;
  const overlayId = element && !isTooltip ? (typeof element.props.id === 'string' ? element.props.id : generatedId) : undefined;
  const isOpen = useOverlayOpen(overlayId);
  return {
    title: isTooltip ? textOf(element.props.children) : undefined,
    hasDialog: overlayId !== undefined,
    open: () => overlayId !== undefined && openOverlay(overlayId),
    rendered: isOpen ? <OpenedOverlayContext.Provider value={overlayId}>{overlay}</OpenedOverlayContext.Provider> : null,
  };
}

// ---------------------------------------------------------------------------------------------------
// Text and layout.

export function Text({ variant, inline, children, format, truncate, testId }: TextProps) {
  const style: CSSProperties = {
    fontWeight: format?.fontWeight === 'bold' ? 700 : format?.fontWeight === 'demibold' ? 600 : undefined,
    fontStyle: format?.italic ? 'italic' : undefined,
    textDecoration: format?.lineDecoration === 'underline' ? 'underline' : format?.lineDecoration === 'strikethrough' ? 'line-through' : undefined,
    textTransform: format?.textTransform === 'sentenceCase' || format?.textTransform === 'none' ? undefined : format?.textTransform,
    maxWidth: typeof truncate === 'object' && truncate.maxWidth ? `${truncate.maxWidth}px` : undefined,
  };
  const title = truncate ? (typeof truncate === 'object' && truncate.tooltipText) || textOf(children) : undefined;
  const Element = inline ? 'span' : 'p';
  return (
    <Element
      {...rootAttributes('Text', testId)}
      className={classNames(
        'hs-text',
        variant === 'microcopy' && 'hs-text--microcopy',
        format?.textTransform === 'sentenceCase' && 'hs-text--sentence-case',
        Boolean(truncate) && 'hs-text--truncate',
      )}
      style={style}
      title={title}
    >
      {children}
    </Element>
  );
}

export function Heading({ children, inline, testId }: HeadingProps) {
  return (
    <h2 {...rootAttributes('Heading', testId)} className={classNames('hs-heading', inline && 'hs-heading--inline')}>
      {children}
    </h2>
  );
}

export function Flex({ gap, children, direction, justify, align, alignSelf, wrap, testId }: FlexProps) {
  const style: CSSProperties = {
    display: 'flex',
    flexDirection: direction ?? 'row',
    gap: space(gap),
    justifyContent: FLEX_POSITION[justify ?? 'start'],
    alignItems: FLEX_POSITION[align ?? 'stretch'],
    alignSelf: alignSelf && FLEX_POSITION[alignSelf],
    flexWrap: wrap === true || wrap === 'wrap' ? 'wrap' : 'nowrap',
  };
  return (
    <div {...rootAttributes('Flex', testId)} style={style}>
      {children}
    </div>
  );
}

export function Box({ children, alignSelf, flex, testId }: BoxProps) {
  const style: CSSProperties = {
    alignSelf: FLEX_POSITION[alignSelf ?? 'auto'],
    flex: typeof flex === 'number' ? flex : flex === 'initial' ? '0 1 auto' : flex === 'none' ? 'none' : '1 1 auto',
    minWidth: 0,
  };
  return (
    <div {...rootAttributes('Box', testId)} style={style}>
      {children}
    </div>
  );
}

export function Inline({ children, justify, align, gap, testId }: InlineProps) {
  const style: CSSProperties = {
    display: 'flex',
    flexWrap: 'wrap',
    gap: space(gap),
    justifyContent: FLEX_POSITION[justify ?? 'start'],
    alignItems: FLEX_POSITION[align ?? 'stretch'],
  };
  return (
    <div {...rootAttributes('Inline', testId)} style={style}>
      {children}
    </div>
  );
}

export function Stack({ distance, children, direction, justify, align, width, testId }: StackProps) {
  const style: CSSProperties = {
    display: 'flex',
    flexDirection: direction ?? 'column',
    gap: space(distance, 'small'),
    justifyContent: justify && FLEX_POSITION[justify],
    alignItems: align && FLEX_POSITION[align],
    width,
  };
  return (
    <div {...rootAttributes('Stack', testId)} style={style}>
      {children}
    </div>
  );
}

export function AutoGrid({ columnWidth, gap, children, flexible, testId }: AutoGridProps) {
  const column = flexible ? `minmax(${columnWidth}px, 1fr)` : `${columnWidth}px`;
  const style: CSSProperties = { display: 'grid', gridTemplateColumns: `repeat(auto-fill, ${column})`, gap: space(gap) };
  return (
    <div {...rootAttributes('AutoGrid', testId)} style={style}>
      {children}
    </div>
  );
}

export function Spacer({ size, testId }: SpacerProps) {
  return <div {...rootAttributes('Spacer', testId)} aria-hidden="true" style={{ height: space(size ?? 'small') }} />;
}

export function Divider({ size, distance, testId }: DividerProps) {
  const margin = space(size ?? distance, 'small');
  return <hr {...rootAttributes('Divider', testId)} className="hs-divider" style={{ margin: `${margin} 0` }} />;
}

export function Card({ children, testId }: CardProps) {
  return (
    <section {...rootAttributes('Card', testId)} className="hs-card">
      {children}
    </section>
  );
}

export function Tile({ children, compact, flush, testId }: TileProps) {
  return (
    <section {...rootAttributes('Tile', testId)} className={classNames('hs-tile', compact && 'hs-tile--compact', flush && 'hs-tile--flush')}>
      {children}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------
// Tags, alerts and states.

export function Tag({ children, variant, onClick, inline, overlay, testId }: TagProps) {
  const trigger = useOverlayTrigger(overlay);
  const className = classNames('hs-tag', `hs-tag--${variant ?? 'default'}`, inline && 'hs-tag--inline');
  const clickable = Boolean(onClick) || trigger.hasDialog;
  const tag = clickable ? (
    <button
      {...rootAttributes('Tag', testId)}
      type="button"
      className={className}
      title={trigger.title}
      onClick={(event) => {
        trigger.open();
        void onClick?.(new ExtensionEvent(event.nativeEvent), overlayReactions);
      }}
    >
      {children}
    </button>
  ) : (
    <span {...rootAttributes('Tag', testId)} className={className} title={trigger.title}>
      {children}
    </span>
  );
  return (
    <>
      {tag}
      {trigger.rendered}
    </>
  );
}

export function StatusTag({ variant, hollow, onClick, showRemoveIcon, onRemoveClick, children, testId }: StatusTagProps) {
  const dot = <span aria-hidden="true" className={classNames('hs-status-dot', `hs-status-dot--${variant ?? 'default'}`, hollow && 'hs-status-dot--hollow')} />;
  return (
    <span {...rootAttributes('StatusTag', testId)} className="hs-status-tag" data-variant={variant ?? 'default'}>
      {onClick ? (
        <button type="button" className="hs-status-tag__button" onClick={() => onClick()}>
          {dot}
          {children}
        </button>
      ) : (
        <>
          {dot}
          {children}
        </>
      )}
      {showRemoveIcon && (
        <button type="button" className="hs-status-tag__remove" aria-label="Remove" onClick={() => onRemoveClick?.()}>
          ×
        </button>
      )}
    </span>
  );
}

export function Alert({ title, children, variant, testId }: AlertProps) {
  const kind = variant ?? 'info';
  const urgent = kind === 'error' || kind === 'danger' || kind === 'warning';
  return (
    <div {...rootAttributes('Alert', testId)} role={urgent ? 'alert' : 'status'} className={`hs-alert hs-alert--${kind}`}>
      <strong className="hs-alert__title">{title}</strong>
      {children !== undefined && <div className="hs-alert__body">{children}</div>}
    </div>
  );
}

export function LoadingSpinner({ label, showLabel, size, layout, testId }: LoadingSpinnerProps) {
  return (
    <span
      {...rootAttributes('LoadingSpinner', testId)}
      role="status"
      aria-label={label}
      className={classNames('hs-spinner', `hs-spinner--${size ?? 'sm'}`, layout === 'centered' && 'hs-spinner--centered')}
    >
      <span className="hs-spinner__wheel" aria-hidden="true" />
      {showLabel && <span className="hs-spinner__label">{label}</span>}
    </span>
  );
}

export function ErrorState({ children, title, type, testId }: ErrorStateProps) {
  return (
    <section {...rootAttributes('ErrorState', testId)} className="hs-state hs-state--error" data-type={type ?? 'error'}>
      <span className="hs-state__image" aria-hidden="true">
        !
      </span>
      <div className="hs-state__content">
        {title && <h3 className="hs-state__title">{title}</h3>}
        {children}
      </div>
    </section>
  );
}

export function EmptyState({ flush, children, title, layout, reverseOrder, imageName, testId }: EmptyStateProps) {
  const image = (
    <span className="hs-state__image" aria-hidden="true" data-image={imageName ?? 'emptyStateCharts'}>
      ∅
    </span>
  );
  const content = (
    <div className="hs-state__content">
      {title && <h3 className="hs-state__title">{title}</h3>}
      {children}
    </div>
  );
  return (
    <section
      {...rootAttributes('EmptyState', testId)}
      className={classNames('hs-state', layout === 'vertical' && 'hs-state--vertical', flush && 'hs-state--flush')}
    >
      {reverseOrder ? (
        <>
          {content}
          {image}
        </>
      ) : (
        <>
          {image}
          {content}
        </>
      )}
    </section>
  );
}

export function Illustration({ name, alt, width, height, testId }: IllustrationProps) {
  return (
    <span
      {...rootAttributes('Illustration', testId)}
      role="img"
      aria-label={alt}
      data-name={name}
      className="hs-illustration"
      style={{ width: width && `${width}px`, height: height && `${height}px` }}
    />
  );
}

const ICON_GLYPHS: Partial<Record<IconNames, string>> = {
  add: '+',
  approvals: '✓',
  block: '⊘',
  checkCircle: '✔',
  circleFilled: '●',
  circleHollow: '○',
  clock: '◷',
  date: '▦',
  delete: '🗑',
  downCarat: '▾',
  edit: '✎',
  email: '✉',
  exclamation: '!',
  exclamationCircle: '!',
  info: 'ⓘ',
  infoNoCircle: 'i',
  left: '‹',
  link: '🔗',
  locked: '🔒',
  question: '?',
  questionCircle: '?',
  refresh: '↻',
  remove: '−',
  right: '›',
  search: '⌕',
  star: '★',
  success: '✓',
  upCarat: '▴',
  warning: '⚠',
  xCircle: '✖',
};

export function Icon({ name, color, size, screenReaderText, testId }: IconProps) {
  return (
    <span
      {...rootAttributes('Icon', testId)}
      data-name={name}
      className={classNames('hs-icon', color && `hs-icon--${color}`, size && `hs-icon--${size}`)}
      role={screenReaderText ? 'img' : undefined}
      aria-label={screenReaderText}
      aria-hidden={screenReaderText ? undefined : 'true'}
    >
      {ICON_GLYPHS[name] ?? '•'}
    </span>
  );
}

export function Tooltip({ children, placement, testId }: TooltipProps) {
  // Only reached when a card renders Tooltip outside an `overlay` prop; triggers turn it into a title.
  return (
    <span {...rootAttributes('Tooltip', testId)} role="tooltip" data-placement={placement ?? 'top'} className="hs-tooltip">
      {children}
    </span>
  );
}

export function Image({ alt, href, onClick, src, width, height, overlay, testId }: ImageProps) {
  const trigger = useOverlayTrigger(overlay);
  const image = (
    <img
      {...(href ? {} : rootAttributes('Image', testId))}
      src={src}
      alt={alt ?? ''}
      width={width}
      height={height}
      title={trigger.title}
      onClick={(event) => {
        trigger.open();
        void onClick?.(new ExtensionEvent(event.nativeEvent), overlayReactions);
      }}
    />
  );
  if (!href) {
    return (
      <>
        {image}
        {trigger.rendered}
      </>
    );
  }
  const { url, external } = resolveHref(href);
  return (
    <>
      <a {...rootAttributes('Image', testId)} href={url} target={external ? '_blank' : undefined} rel={external ? 'noopener noreferrer' : undefined}>
        {image}
      </a>
      {trigger.rendered}
    </>
  );
}

// ---------------------------------------------------------------------------------------------------
// Buttons and links.

function buttonClass(variant: string | undefined, size: string | undefined): string {
  return classNames('hs-button', `hs-button--${variant ?? 'secondary'}`, size && `hs-button--${size}`);
}

export function Button({ onClick, href, disabled, variant, type, children, size, truncate, overlay, testId }: ButtonProps) {
  const trigger = useOverlayTrigger(overlay);
  return (
    <>
      <button
        {...rootAttributes('Button', testId)}
        type={type ?? 'button'}
        className={classNames(buttonClass(variant, size), truncate && 'hs-button--truncate')}
        disabled={disabled}
        title={trigger.title ?? (truncate ? textOf(children) : undefined)}
        aria-haspopup={trigger.hasDialog ? 'dialog' : undefined}
        onClick={(event) => {
          trigger.open();
          void onClick?.(new ExtensionEvent(event.nativeEvent), overlayReactions);
          if (href) followHref(href);
        }}
      >
        {children}
      </button>
      {trigger.rendered}
    </>
  );
}

export function LoadingButton({ onClick, href, disabled, variant, type, children, size, loading, overlay, overlayOptions, testId }: LoadingButtonProps) {
  const trigger = useOverlayTrigger(overlay);
  const opensAfterLoading = overlayOptions?.openBehavior === 'onLoadingFinish';
  const awaitingLoad = useRef(false);
  const openOverlayRef = useRef(trigger.open);
  openOverlayRef.current = trigger.open;
  useEffect(() => {
    if (!loading && awaitingLoad.current) {
      awaitingLoad.current = false;
      openOverlayRef.current();
    }
  }, [loading]);
  return (
    <>
      <button
        {...rootAttributes('LoadingButton', testId)}
        type={type ?? 'button'}
        className={buttonClass(variant, size)}
        disabled={disabled || loading}
        aria-busy={loading || undefined}
        title={trigger.title}
        onClick={(event) => {
          if (opensAfterLoading) awaitingLoad.current = true;
          else trigger.open();
          void onClick?.(new ExtensionEvent(event.nativeEvent), overlayReactions);
          if (href) followHref(href);
        }}
      >
        {loading && <span className="hs-spinner__wheel hs-spinner__wheel--inline" aria-hidden="true" />}
        {children}
      </button>
      {trigger.rendered}
    </>
  );
}

export function ButtonRow({ children, testId }: ButtonRowProps) {
  return (
    <div {...rootAttributes('ButtonRow', testId)} role="group" className="hs-button-row">
      {children}
    </div>
  );
}

export function Link({ children, href, variant, onClick, preventDefault, overlay, testId }: LinkProps) {
  const trigger = useOverlayTrigger(overlay);
  const { url, external } = resolveHref(href);
  const goesNowhere = url === '' || url === '#';
  return (
    <>
      <a
        {...rootAttributes('Link', testId)}
        href={goesNowhere ? '#' : url}
        className={`hs-link hs-link--${variant ?? 'primary'}`}
        target={external ? '_blank' : undefined}
        rel={external ? 'noopener noreferrer' : undefined}
        title={trigger.title}
        onClick={(event: ReactMouseEvent<HTMLAnchorElement>) => {
          // An empty href would reload the preview page; HubSpot does not navigate for it either.
          if (preventDefault || goesNowhere || trigger.hasDialog) event.preventDefault();
          trigger.open();
          void onClick?.(new ExtensionEvent(event.nativeEvent), overlayReactions);
        }}
      >
        {children}
        {external && (
          <span className="hs-link__external" aria-label="(opens in a new tab)">
            {' '}
            ↗
          </span>
        )}
      </a>
      {trigger.rendered}
    </>
  );
}

// ---------------------------------------------------------------------------------------------------
// Lists, description lists, tables and statistics.

export function List({ children, variant, testId }: ListProps) {
  const kind = variant ?? 'unordered';
  const items = Children.toArray(children).map((child, index) => <li key={index}>{child}</li>);
  const className = `hs-list hs-list--${kind}`;
  return kind === 'ordered' || kind === 'ordered-styled' ? (
    <ol {...rootAttributes('List', testId)} className={className}>
      {items}
    </ol>
  ) : (
    <ul {...rootAttributes('List', testId)} className={className}>
      {items}
    </ul>
  );
}

export function DescriptionList({ children, direction, testId }: DescriptionListProps) {
  return (
    <dl {...rootAttributes('DescriptionList', testId)} className={`hs-description-list hs-description-list--${direction ?? 'column'}`}>
      {children}
    </dl>
  );
}

export function DescriptionListItem({ children, label, testId }: DescriptionListItemProps) {
  return (
    <div {...rootAttributes('DescriptionListItem', testId)} className="hs-description-list__item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function cellStyle(align: TableCellProps['align'], width: TableCellProps['width']): CSSProperties {
  return {
    textAlign: align,
    width: typeof width === 'number' ? `${width}px` : width === 'min' ? '1%' : width === 'max' ? '100%' : undefined,
    whiteSpace: width === 'min' ? 'nowrap' : undefined,
  };
}

function pageWindow(page: number, pageCount: number, size: number): number[] {
  const first = Math.max(1, Math.min(page - Math.floor(size / 2), pageCount - size + 1));
  const last = Math.min(pageCount, first + size - 1);
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

export function Table(props: TableProps) {
  const { bordered, flush, density, children, testId } = props;
  return (
    <div {...rootAttributes('Table', testId)} className={classNames('hs-table-wrap', flush && 'hs-table-wrap--flush')}>
      <table className={classNames('hs-table', bordered !== false && 'hs-table--bordered', `hs-table--${density ?? 'default'}`)}>{children}</table>
      {props.paginated && <TablePagination {...props} />}
    </div>
  );
}

function TablePagination({
  pageCount,
  page = 1,
  onPageChange,
  showButtonLabels,
  showFirstLastButtons,
  maxVisiblePageButtons,
}: Extract<TableProps, { paginated: true }>) {
  const label = (text: string) => (showButtonLabels === false ? <span className="hs-visually-hidden">{text}</span> : text);
  return (
    <nav aria-label="Pagination" className="hs-pagination">
      {showFirstLastButtons && (
        <button type="button" className="hs-button hs-button--transparent" disabled={page <= 1} onClick={() => onPageChange(1)}>
          « {label('First')}
        </button>
      )}
      <button type="button" className="hs-button hs-button--transparent" disabled={page <= 1} onClick={() => onPageChange(page - 1)}>
        ‹ {label('Prev')}
      </button>
      {pageWindow(page, pageCount, maxVisiblePageButtons ?? 5).map((number) => (
        <button
          key={number}
          type="button"
          className="hs-button hs-button--transparent"
          aria-current={number === page ? 'page' : undefined}
          onClick={() => onPageChange(number)}
        >
          {number}
        </button>
      ))}
      <button type="button" className="hs-button hs-button--transparent" disabled={page >= pageCount} onClick={() => onPageChange(page + 1)}>
        {label('Next')} ›
      </button>
      {showFirstLastButtons && (
        <button type="button" className="hs-button hs-button--transparent" disabled={page >= pageCount} onClick={() => onPageChange(pageCount)}>
          {label('Last')} »
        </button>
      )}
    </nav>
  );
}

export function TableHead({ children, testId }: TableElementProps) {
  return <thead {...rootAttributes('TableHead', testId)}>{children}</thead>;
}

export function TableBody({ children, testId }: TableElementProps) {
  return <tbody {...rootAttributes('TableBody', testId)}>{children}</tbody>;
}

export function TableFooter({ children, testId }: TableElementProps) {
  return <tfoot {...rootAttributes('TableFooter', testId)}>{children}</tfoot>;
}

export function TableRow({ children, testId }: TableElementProps) {
  return <tr {...rootAttributes('TableRow', testId)}>{children}</tr>;
}

export function TableCell({ children, align, width, colSpan, testId }: TableCellProps) {
  return (
    <td {...rootAttributes('TableCell', testId)} colSpan={colSpan} style={cellStyle(align, width)}>
      {children}
    </td>
  );
}

const ARIA_SORT = { ascending: 'ascending', descending: 'descending', none: 'none' } as const;

export function TableHeader(props: TableHeaderProps) {
  const { children, align, width, testId } = props;
  const sorting = props.sortDirection !== undefined && props.sortDirection !== 'never' ? (props as SortedTableHeaderProps) : undefined;
  return (
    <th
      {...rootAttributes('TableHeader', testId)}
      scope="col"
      style={cellStyle(align, width)}
      aria-sort={sorting ? ARIA_SORT[sorting.sortDirection] : undefined}
    >
      {sorting ? (
        <button
          type="button"
          className="hs-table__sort"
          disabled={sorting.disabled}
          onClick={() => sorting.onSortChange(sorting.sortDirection === 'ascending' ? 'descending' : 'ascending')}
        >
          {children}
          <span aria-hidden="true">{sorting.sortDirection === 'ascending' ? ' ▲' : sorting.sortDirection === 'descending' ? ' ▼' : ' ↕'}</span>
        </button>
      ) : (
        children
      )}
    </th>
  );
}

export function Statistics({ children, testId }: StatisticsProps) {
  return (
    <dl {...rootAttributes('Statistics', testId)} className="hs-statistics">
      {children}
    </dl>
  );
}

export function StatisticsItem({ id, label, number, children, testId }: StatisticsItemProps) {
  return (
    <div {...rootAttributes('StatisticsItem', testId)} id={id} className="hs-statistics__item">
      <dt className="hs-statistics__label">{label}</dt>
      <dd className="hs-statistics__number">{number}</dd>
      {children !== undefined && <dd className="hs-statistics__extra">{children}</dd>}
    </div>
  );
}

export function StatisticsTrend({ value, direction, color, testId }: StatisticsTrendProps) {
  const tone = color ?? (direction === 'decrease' ? 'red' : 'green');
  return (
    <span {...rootAttributes('StatisticsTrend', testId)} className={`hs-trend hs-trend--${tone}`}>
      <span aria-hidden="true">{direction === 'decrease' ? '▼ ' : '▲ '}</span>
      <span className="hs-visually-hidden">{direction === 'decrease' ? 'Decreased by ' : 'Increased by '}</span>
      {value}
    </span>
  );
}

// ---------------------------------------------------------------------------------------------------
// Charts: a titled figure with the data as a table (what a screen reader gets from HubSpot's charts)
// and one bar per row scaled to the largest value, grouped by the colour field when there is one.

function Chart({ kind, data, axes, options, testId }: (BarChartProps | LineChartProps) & { kind: 'BarChart' | 'LineChart' }) {
  const rows = Array.isArray(data) ? data : data.data;
  const { x, y } = axes;
  const group = axes.options?.groupFieldByColor;
  const values = rows.map((row) => Number(row[y.field] ?? 0));
  const largest = Math.max(0, ...values.map(Math.abs));
  return (
    <figure {...rootAttributes(kind, testId)} className={`hs-chart hs-chart--${kind === 'BarChart' ? 'bar' : 'line'}`}>
      {options?.title && <figcaption className="hs-chart__title">{options.title}</figcaption>}
      <table className="hs-table hs-chart__data">
        <thead>
          <tr>
            <th scope="col">{x.label ?? x.field}</th>
            {group && <th scope="col">{group}</th>}
            <th scope="col">{y.label ?? y.field}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td>{String(row[x.field] ?? '')}</td>
              {group && <td>{String(row[group] ?? '')}</td>}
              <td>
                <span
                  className="hs-chart__bar"
                  style={{ width: `${largest === 0 ? 0 : Math.round((Math.abs(values[index]!) / largest) * 100)}%` }}
                  aria-hidden="true"
                />
                {String(row[y.field] ?? '')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function BarChart(props: BarChartProps) {
  return <Chart kind="BarChart" {...props} />;
}

export function LineChart(props: LineChartProps) {
  return <Chart kind="LineChart" {...props} />;
}

export function ProgressBar({
  title,
  'aria-label': ariaLabel,
  showPercentage,
  value = 0,
  maxValue,
  valueMax,
  valueDescription,
  variant,
  testId,
}: ProgressBarProps) {
  const max = maxValue ?? valueMax ?? 100;
  const percent = max > 0 ? Math.round(Math.min(100, Math.max(0, (value / max) * 100))) : 0;
  const titleId = useId();
  return (
    <div {...rootAttributes('ProgressBar', testId)} className="hs-progress">
      {(title || showPercentage) && (
        <div className="hs-progress__header">
          {title && <span id={titleId}>{title}</span>}
          {showPercentage && <span className="hs-progress__percent">{percent}%</span>}
        </div>
      )}
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-valuetext={valueDescription}
        aria-label={ariaLabel}
        aria-labelledby={title && !ariaLabel ? titleId : undefined}
        className={`hs-progress__track hs-progress__track--${variant ?? 'success'}`}
      >
        <div className="hs-progress__fill" style={{ width: `${percent}%` }} />
      </div>
      {valueDescription && <span className="hs-progress__description">{valueDescription}</span>}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// Accordion and tabs.

export function Accordion({ title, children, defaultOpen, disabled, open, size, onClick, testId }: AccordionProps) {
  const [openState, setOpenState] = useState(defaultOpen ?? false);
  const isOpen = open ?? openState;
  const regionId = useId();
  return (
    <div {...rootAttributes('Accordion', testId)} className={`hs-accordion hs-accordion--${size ?? 'small'}`}>
      <button
        id={`${regionId}-title`}
        type="button"
        className="hs-accordion__title"
        aria-expanded={isOpen}
        aria-controls={regionId}
        disabled={disabled}
        onClick={() => {
          setOpenState(!isOpen);
          onClick?.();
        }}
      >
        <span aria-hidden="true">{isOpen ? '▾ ' : '▸ '}</span>
        {title}
      </button>
      <div id={regionId} role="region" aria-labelledby={`${regionId}-title`} hidden={!isOpen} className="hs-accordion__body">
        {children}
      </div>
    </div>
  );
}

export function Tab({ children, testId }: TabProps) {
  return <div {...rootAttributes('Tab', testId)}>{children}</div>;
}

export function Tabs({ children, onSelectedChange, defaultSelected, selected, variant, fill, testId }: TabsProps) {
  const baseId = useId();
  const tabs = Children.toArray(children).filter((child): child is ReactElement<TabProps> => isValidElement(child) && child.type === Tab);
  const tabIds = tabs.map((tab, index) => tab.props.tabId ?? index);
  const [selectedState, setSelectedState] = useState(defaultSelected ?? tabIds[0]);
  const current = selected ?? selectedState;
  const currentIndex = Math.max(0, tabIds.indexOf(current as string | number));
  return (
    <div {...rootAttributes('Tabs', testId)} className={classNames('hs-tabs', `hs-tabs--${variant ?? 'default'}`, fill && 'hs-tabs--fill')}>
      <div role="tablist" className="hs-tabs__list">
        {tabs.map((tab, index) => (
          <button
            key={String(tabIds[index])}
            type="button"
            role="tab"
            id={`${baseId}-tab-${index}`}
            aria-selected={index === currentIndex}
            aria-controls={`${baseId}-panel`}
            disabled={tab.props.disabled}
            title={tab.props.tooltip}
            className="hs-tabs__tab"
            onClick={() => {
              const tabId = tabIds[index] as string | number;
              setSelectedState(tabId);
              (onSelectedChange as ((selectedId: string | number) => void) | undefined)?.(tabId);
            }}
          >
            {tab.props.title}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${currentIndex}`} className="hs-tabs__panel">
        {tabs[currentIndex]}
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// Overlays: rendered inline where their trigger is, while open.

function useOpenCloseCallbacks(onOpen: (() => void) | undefined, onClose: (() => void) | undefined) {
  const callbacks = useRef({ onOpen, onClose });
  callbacks.current = { onOpen, onClose };
  useEffect(() => {
    callbacks.current.onOpen?.();
    return () => callbacks.current.onClose?.();
  }, []);
}

function Overlay(props: (ModalProps | PanelProps) & { component: 'Modal' | 'Panel'; variant?: string }) {
  const { component, id, title, width, variant, children, onOpen, onClose, testId } = props;
  const openedAs = useContext(OpenedOverlayContext);
  const titleId = useId();
  useOpenCloseCallbacks(onOpen, onClose);
  return (
    <div
      {...rootAttributes(component, testId)}
      id={id}
      role="dialog"
      aria-label={props['aria-label']}
      aria-labelledby={title && !props['aria-label'] ? titleId : undefined}
      className={classNames(`hs-overlay hs-overlay--${component.toLowerCase()}`, `hs-overlay--${width ?? 'sm'}`, variant && `hs-overlay--${variant}`)}
    >
      <div className="hs-overlay__header">
        {title && (
          <h2 id={titleId} className="hs-overlay__title">
            {title}
          </h2>
        )}
        <button
          type="button"
          className="hs-overlay__close"
          aria-label="Close"
          onClick={() => {
            closeOverlay(id);
            if (openedAs !== undefined) closeOverlay(openedAs);
          }}
        >
          ×
        </button>
      </div>
      {children}
    </div>
  );
}

export function Modal(props: ModalProps) {
  return <Overlay {...props} component="Modal" />;
}

export function ModalBody({ children, testId }: ModalBodyProps) {
  return (
    <div {...rootAttributes('ModalBody', testId)} className="hs-overlay__body">
      {children}
    </div>
  );
}

export function ModalFooter({ children, testId }: ModalFooterProps) {
  return (
    <div {...rootAttributes('ModalFooter', testId)} className="hs-overlay__footer">
      {children}
    </div>
  );
}

export function Panel(props: PanelProps) {
  return <Overlay {...props} component="Panel" />;
}

export function PanelBody({ children, testId }: PanelBodyProps) {
  return (
    <div {...rootAttributes('PanelBody', testId)} className="hs-overlay__body">
      {children}
    </div>
  );
}

export function PanelSection({ flush, children, testId }: PanelSectionProps) {
  return (
    <div {...rootAttributes('PanelSection', testId)} className={classNames('hs-overlay__section', flush && 'hs-overlay__section--flush')}>
      {children}
    </div>
  );
}

export function PanelFooter({ children, testId }: PanelFooterProps) {
  return (
    <div {...rootAttributes('PanelFooter', testId)} className="hs-overlay__footer">
      {children}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// Forms and inputs. HubSpot passes values, not DOM events: text fields report every keystroke to
// onInput and commit to onChange on blur or when their form is submitted.

interface FormField {
  name: string | undefined;
  read: () => string | number | undefined;
  commit: () => void;
}
const FormFieldsContext = createContext<Set<{ current: FormField }> | null>(null);

function useFormField(field: FormField): void {
  const fields = useContext(FormFieldsContext);
  const latest = useRef(field);
  latest.current = field;
  useEffect(() => {
    if (!fields) return;
    fields.add(latest);
    return () => {
      fields.delete(latest);
    };
  }, [fields]);
}

export function Form({ children, onSubmit, autoComplete, testId }: FormProps) {
  const fields = useRef(new Set<{ current: FormField }>()).current;
  return (
    <FormFieldsContext.Provider value={fields}>
      <form
        {...rootAttributes('Form', testId)}
        autoComplete={autoComplete}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const values: FormInputValues = {};
          for (const field of fields) {
            field.current.commit();
            const value = field.current.read();
            if (field.current.name && value !== undefined) values[field.current.name] = value;
          }
          void onSubmit?.(new FormSubmitExtensionEvent(values, event.nativeEvent), overlayReactions);
        }}
      >
        {children}
      </form>
    </FormFieldsContext.Provider>
  );
}

interface FieldChrome {
  component: string;
  testId?: string;
  label?: string;
  required?: boolean;
  description?: string;
  tooltip?: string;
  error?: boolean;
  validationMessage?: string;
}

interface ControlAttributes {
  id: string;
  'aria-labelledby': string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

/** Label, description and validation message around one native control; the root is its `<label>`. */
function Field({ chrome, children }: { chrome: FieldChrome; children: (control: ControlAttributes) => ReactNode }) {
  const id = useId();
  const { component, testId, label, required, description, tooltip, error, validationMessage } = chrome;
  const describedBy = [description && `${id}-description`, validationMessage && `${id}-message`].filter(Boolean).join(' ');
  return (
    <label {...rootAttributes(component, testId)} htmlFor={id} className={classNames('hs-field', error && 'hs-field--error')}>
      <span className="hs-field__label-row">
        <span id={`${id}-label`} className="hs-field__label">
          {label}
        </span>
        {required && (
          <span className="hs-field__required" aria-hidden="true">
            *
          </span>
        )}
        {tooltip && (
          <span className="hs-field__tooltip" title={tooltip}>
            ⓘ
          </span>
        )}
      </span>
      {description && (
        <span id={`${id}-description`} className="hs-field__description">
          {description}
        </span>
      )}
      {children({
        id,
        'aria-labelledby': `${id}-label`,
        'aria-describedby': describedBy || undefined,
        'aria-invalid': error ? true : undefined,
      })}
      {validationMessage && (
        <span
          id={`${id}-message`}
          role={error ? 'alert' : undefined}
          className={classNames('hs-field__message', error ? 'hs-field__message--error' : 'hs-field__message--success')}
        >
          {validationMessage}
        </span>
      )}
    </label>
  );
}

/**
 * Text the user is editing in a field whose value the card may control. The draft follows the `value`
 * prop whenever the card changes it, and is committed to `onChange` only when it differs.
 */
function useDraft<V>(
  value: V | undefined,
  defaultValue: V | undefined,
  format: (value: V) => string,
  parse: (text: string) => V | undefined,
  onChange: ((value: V) => void) | undefined,
) {
  const [draft, setDraft] = useState(() => {
    const initial = value ?? defaultValue;
    return initial === undefined ? '' : format(initial);
  });
  const committed = useRef(draft);
  const shown = value === undefined ? undefined : format(value);
  useEffect(() => {
    if (shown === undefined) return;
    setDraft(shown);
    committed.current = shown;
  }, [shown]);
  return {
    draft,
    setDraft,
    parsed: () => parse(draft),
    commit: () => {
      if (draft === committed.current) return;
      committed.current = draft;
      const parsed = parse(draft);
      if (parsed !== undefined) onChange?.(parsed);
    },
  };
}

const asText = (text: string) => text;

function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

export function Input(props: InputProps) {
  const { name, value, defaultValue, readOnly, placeholder, required, onChange, onInput, onBlur, onFocus, type } = props;
  const text = useDraft(value, defaultValue, asText, asText, onChange);
  useFormField({ name, read: () => text.draft, commit: text.commit });
  return (
    <Field chrome={{ ...props, component: 'Input' as const }}>
      {(control) => (
        <input
          {...control}
          className="hs-input"
          type={type ?? 'text'}
          name={name}
          value={text.draft}
          placeholder={placeholder}
          readOnly={readOnly}
          required={required}
          onChange={(event) => {
            text.setDraft(event.target.value);
            onInput?.(event.target.value);
          }}
          onBlur={() => {
            text.commit();
            onBlur?.(text.draft);
          }}
          onFocus={() => onFocus?.(text.draft)}
        />
      )}
    </Field>
  );
}

function TextAreaField(props: TextAreaProps & { component: 'TextArea' | 'Textarea' }) {
  const { name, value, defaultValue, readOnly, placeholder, required, onChange, onInput, onBlur, onFocus } = props;
  const text = useDraft(value, defaultValue, asText, asText, onChange);
  useFormField({ name, read: () => text.draft, commit: text.commit });
  return (
    <Field chrome={props}>
      {(control) => (
        <textarea
          {...control}
          className="hs-input hs-textarea"
          name={name}
          value={text.draft}
          placeholder={placeholder}
          readOnly={readOnly}
          required={required}
          rows={props.rows}
          cols={props.cols}
          maxLength={props.maxLength}
          style={{ resize: props.resize ?? 'both' }}
          onChange={(event) => {
            text.setDraft(event.target.value);
            onInput?.(event.target.value);
          }}
          onBlur={() => {
            text.commit();
            onBlur?.(text.draft);
          }}
          onFocus={() => onFocus?.(text.draft)}
        />
      )}
    </Field>
  );
}

export function TextArea(props: TextAreaProps) {
  return <TextAreaField {...props} component="TextArea" />;
}

export function Textarea(props: TextAreaProps) {
  return <TextAreaField {...props} component="Textarea" />;
}

function NumberField(props: (NumberInputProps | CurrencyInputProps) & { component: 'NumberInput' | 'CurrencyInput'; prefix?: string }) {
  const { name, value, defaultValue, readOnly, placeholder, required, onChange, onBlur, onFocus, min, max, precision } = props;
  // Only NumberInput still carries the deprecated per-keystroke onInput.
  const onInput = 'onInput' in props ? props.onInput : undefined;
  const text = useDraft(value, defaultValue, String, parseNumber, onChange);
  useFormField({ name, read: text.parsed, commit: text.commit });
  return (
    <Field chrome={props}>
      {(control) => (
        <span className="hs-number">
          {props.prefix && (
            <span className="hs-number__prefix" aria-hidden="true">
              {props.prefix}
            </span>
          )}
          <input
            {...control}
            className="hs-input"
            type="text"
            inputMode="decimal"
            name={name}
            value={text.draft}
            placeholder={placeholder}
            readOnly={readOnly}
            required={required}
            aria-valuemin={min}
            aria-valuemax={max}
            data-precision={precision}
            style={{ textAlign: 'textAlign' in props ? props.textAlign : undefined }}
            onChange={(event) => {
              text.setDraft(event.target.value);
              const parsed = parseNumber(event.target.value);
              if (parsed !== undefined) onInput?.(parsed);
            }}
            onBlur={() => {
              text.commit();
              const parsed = text.parsed();
              if (parsed !== undefined) onBlur?.(parsed);
            }}
            onFocus={() => {
              const parsed = text.parsed();
              if (parsed !== undefined) onFocus?.(parsed);
            }}
          />
        </span>
      )}
    </Field>
  );
}

export function NumberInput(props: NumberInputProps) {
  return <NumberField {...props} component="NumberInput" />;
}

export function CurrencyInput(props: CurrencyInputProps) {
  return <NumberField {...props} component="CurrencyInput" prefix={props.currency ?? 'USD'} />;
}

type OptionValue = string | number | boolean;

/** A selection the card may control: follows `value` when it changes, else keeps the user's choice. */
function useSelection<V>(value: V | undefined, initial: V) {
  const [selection, setSelection] = useState<V>(value ?? initial);
  useEffect(() => {
    if (value !== undefined) setSelection(value);
  }, [value]);
  return [value ?? selection, setSelection] as const;
}

export function Select(props: SelectProps) {
  const { name, value, options, required, readOnly, placeholder, onChange, variant } = props;
  const [current, setCurrent] = useSelection<OptionValue | undefined>(value, undefined);
  const selectedIndex = options.findIndex((option) => option.value === current);
  useFormField({
    name,
    read: () => (current === undefined ? undefined : typeof current === 'boolean' ? String(current) : current),
    commit: () => undefined,
  });
  return (
    <Field chrome={{ ...props, component: 'Select' as const }}>
      {(control) => (
        <select
          {...control}
          className={classNames('hs-input hs-select', variant === 'transparent' && 'hs-select--transparent')}
          name={name}
          required={required}
          disabled={readOnly}
          value={selectedIndex === -1 ? '' : String(selectedIndex)}
          onChange={(event) => {
            const option = options[Number(event.target.value)];
            if (!option) return;
            setCurrent(option.value);
            onChange?.(option.value);
          }}
        >
          {selectedIndex === -1 && (
            <option value="" disabled>
              {placeholder ?? 'Select an option'}
            </option>
          )}
          {options.map((option, index) => (
            <option key={index} value={String(index)}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function FieldSet({ chrome, inline, children }: { chrome: FieldChrome; inline?: boolean; children: ReactNode }) {
  const { component, testId, label, required, description, tooltip, error, validationMessage } = chrome;
  return (
    <fieldset
      {...rootAttributes(component, testId)}
      className={classNames('hs-fieldset', inline && 'hs-fieldset--inline', error && 'hs-field--error')}
      aria-invalid={error || undefined}
    >
      {label && (
        <legend className="hs-field__label">
          {label}
          {required && (
            <span className="hs-field__required" aria-hidden="true">
              {' '}
              *
            </span>
          )}
          {tooltip && (
            <span className="hs-field__tooltip" title={tooltip}>
              {' '}
              ⓘ
            </span>
          )}
        </legend>
      )}
      {description && <span className="hs-field__description">{description}</span>}
      <span className="hs-fieldset__options">{children}</span>
      {validationMessage && (
        <span role={error ? 'alert' : undefined} className={classNames('hs-field__message', error ? 'hs-field__message--error' : 'hs-field__message--success')}>
          {validationMessage}
        </span>
      )}
    </fieldset>
  );
}

export function MultiSelect(props: MultiSelectProps) {
  const { name, value, options, readOnly, onChange } = props;
  const [current, setCurrent] = useSelection<OptionValue[]>(value, []);
  return (
    <FieldSet chrome={{ ...props, component: 'MultiSelect' as const }}>
      {options.map((option, index) => (
        <label key={index} className="hs-choice">
          <input
            type="checkbox"
            name={name}
            value={String(option.value)}
            checked={current.includes(option.value)}
            disabled={readOnly}
            onChange={(event) => {
              const next = event.target.checked
                ? options.map((candidate) => candidate.value).filter((v) => v === option.value || current.includes(v))
                : current.filter((v) => v !== option.value);
              setCurrent(next);
              onChange?.(next);
            }}
          />
          {option.label}
        </label>
      ))}
    </FieldSet>
  );
}

function ChoiceField(props: CheckboxProps & { component: 'Checkbox' | 'RadioButton' }) {
  const { component, value, checked, readOnly, readonly, description, name, onChange, children, inline, initialIsChecked, testId } = props;
  return (
    <label {...rootAttributes(component, testId)} className={classNames('hs-choice', inline && 'hs-choice--inline')}>
      <input
        type={component === 'Checkbox' ? 'checkbox' : 'radio'}
        name={name}
        value={value}
        checked={checked}
        defaultChecked={checked === undefined ? initialIsChecked : undefined}
        disabled={readOnly ?? readonly}
        aria-label={props['aria-label']}
        onChange={(event) => onChange?.(event.target.checked, value ?? '')}
      />
      <span className="hs-choice__text">
        {children}
        {description && <span className="hs-field__description">{description}</span>}
      </span>
    </label>
  );
}

export function Checkbox(props: CheckboxProps) {
  return <ChoiceField {...props} component="Checkbox" />;
}

export function RadioButton(props: RadioButtonProps) {
  return <ChoiceField {...props} component="RadioButton" />;
}

export function Toggle({
  checked,
  readonly,
  readOnly,
  name,
  size,
  onChange,
  initialIsChecked,
  label,
  labelDisplay,
  textChecked,
  textUnchecked,
  testId,
}: ToggleProps) {
  const [on, setOn] = useSelection(checked, initialIsChecked ?? false);
  const showsText = size === undefined || size === 'md' || size === 'medium' || size === 'default';
  return (
    <label {...rootAttributes('Toggle', testId)} className={classNames('hs-toggle', labelDisplay === 'top' && 'hs-toggle--top')}>
      <span className={classNames('hs-field__label', labelDisplay === 'hidden' && 'hs-visually-hidden')}>{label}</span>
      <span className="hs-toggle__switch">
        <input
          type="checkbox"
          role="switch"
          className="hs-toggle__input"
          name={name}
          checked={on}
          disabled={readOnly ?? readonly}
          onChange={(event) => {
            setOn(event.target.checked);
            onChange?.(event.target.checked);
          }}
        />
        <span className="hs-toggle__track" aria-hidden="true">
          {showsText && (on ? (textChecked ?? 'ON') : (textUnchecked ?? 'OFF'))}
        </span>
      </span>
    </label>
  );
}

export function ToggleGroup(props: ToggleGroupProps) {
  const { name, options, inline, value } = props;
  const isRadio = props.toggleType === 'radioButtonList';
  const initial = options.filter((option) => option.initialIsChecked).map((option) => option.value);
  const [current, setCurrent] = useSelection<string[]>(value === undefined ? undefined : Array.isArray(value) ? value : [value], initial);
  const choose = (optionValue: string, isChecked: boolean) => {
    if (isRadio) {
      setCurrent([optionValue]);
      props.onChange?.(optionValue);
      return;
    }
    const next = isChecked
      ? options.map((option) => option.value).filter((v) => v === optionValue || current.includes(v))
      : current.filter((v) => v !== optionValue);
    setCurrent(next);
    props.onChange?.(next);
  };
  return (
    <FieldSet chrome={{ ...props, component: 'ToggleGroup' as const }} inline={inline}>
      {options.map((option) => (
        <label key={option.value} className="hs-choice">
          <input
            type={isRadio ? 'radio' : 'checkbox'}
            name={name}
            value={option.value}
            checked={current.includes(option.value)}
            disabled={option.readOnly ?? option.readonly}
            onChange={(event) => choose(option.value, event.target.checked)}
          />
          <span className="hs-choice__text">
            {option.label}
            {option.description && <span className="hs-field__description">{option.description}</span>}
          </span>
        </label>
      ))}
    </FieldSet>
  );
}

const pad = (number: number, width = 2) => String(number).padStart(width, '0');

function formatDate(date: { year: number; month: number; date: number }, format: DateInputProps['format']): string {
  const iso = `${pad(date.year, 4)}-${pad(date.month + 1)}-${pad(date.date)}`;
  const asUtc = new Date(Date.UTC(date.year, date.month, date.date));
  switch (format ?? 'short') {
    case 'standard':
    case 'YYYY-MM-DD':
      return iso;
    case 'long':
    case 'LL':
      return asUtc.toLocaleDateString('en-US', { timeZone: 'UTC', dateStyle: 'long' });
    case 'medium':
    case 'll':
      return asUtc.toLocaleDateString('en-US', { timeZone: 'UTC', dateStyle: 'medium' });
    default:
      return `${pad(date.month + 1)}/${pad(date.date)}/${pad(date.year, 4)}`;
  }
}

export function DateInput(props: DateInputProps) {
  const { name, value, defaultValue, readOnly, required, onChange, onBlur, onFocus, min, max, format } = props;
  const toIso = (date: { year: number; month: number; date: number } | null | undefined) => (date ? formatDate(date, 'YYYY-MM-DD') : undefined);
  const [current, setCurrent] = useSelection(toIso(value), toIso(defaultValue) ?? '');
  const payload = (iso: string) => {
    const [year, month, day] = iso.split('-').map(Number);
    if (!year || !month || !day) return undefined;
    const date = { year, month: month - 1, date: day };
    return { ...date, formattedDate: formatDate(date, format) };
  };
  useFormField({ name, read: () => payload(current)?.formattedDate, commit: () => undefined });
  return (
    <Field chrome={{ ...props, component: 'DateInput' as const }}>
      {(control) => (
        <input
          {...control}
          className="hs-input"
          type="date"
          name={name}
          value={current}
          min={toIso(min)}
          max={toIso(max)}
          readOnly={readOnly}
          required={required}
          onChange={(event) => {
            setCurrent(event.target.value);
            const next = payload(event.target.value);
            if (next) onChange?.(next);
          }}
          onBlur={() => {
            const date = payload(current);
            if (date) onBlur?.(date);
          }}
          onFocus={() => {
            const date = payload(current);
            if (date) onFocus?.(date);
          }}
        />
      )}
    </Field>
  );
}

// ---------------------------------------------------------------------------------------------------
// `hubspot`, the logger and the host hooks.

function headersObject(headers: Headers | Record<string, string> | undefined): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  if (!(headers instanceof Headers)) return headers;
  const plain: Record<string, string> = {};
  headers.forEach((value, name) => {
    plain[name] = value;
  });
  return plain;
}

// Statuses whose Response must not carry a body.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export const hubspot: typeof RealHubspot = {
  extend: (callback) => registerRenderCallback(callback as Parameters<typeof registerRenderCallback>[0]),
  serverless: callServerless,
  async fetch(url, options = {}) {
    const response = await fetch('/sandbox/hubspot-fetch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url: String(url),
        method: options.method ?? 'GET',
        body: options.body,
        headers: headersObject(options.headers),
      }),
      signal: options.timeout ? AbortSignal.timeout(options.timeout) : undefined,
    });
    const reply = await readSandboxJson<{ status: number; headers?: Record<string, string>; body?: string | null }>(response, `hubspot.fetch(${String(url)})`);
    return new Response(NULL_BODY_STATUSES.has(reply.status) ? null : (reply.body ?? null), {
      status: reply.status,
      headers: reply.headers,
    });
  },
};

export const logger: typeof RealLogger = {
  debug: (data) => console.debug('[card]', data),
  info: (data) => console.info('[card]', data),
  warn: (data) => console.warn('[card]', data),
  error: (data) => console.error('[card]', data),
};

export const useExtensionContext = (() => previewConfig().context) as typeof RealUseExtensionContext;

export const useExtensionActions = previewActions as typeof RealUseExtensionActions;

export const useExtensionApi = previewApi as typeof RealUseExtensionApi;
