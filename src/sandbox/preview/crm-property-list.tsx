// Stand-in for HubSpot's `CrmPropertyList`: the properties of the previewed record (or of the record
// named by objectTypeId/objectId) with their labels and values, each editable in place. A saved edit is
// written by the viewing person, as HubSpot's inline editor does, and the card's data hooks are told.
import { useCallback, useEffect, useState } from 'react';
import type { CrmPropertyListProps } from '@hubspot/ui-extensions/crm';
import { previewRecord, readSandboxJson, RECORD_CHANGED_EVENT, onRecordChanged } from './host-state.ts';

interface ListedProperty {
  name: string;
  label: string;
  type: string;
  multiple: boolean;
  options: { label: string; value: string }[];
  readOnly: boolean;
  value: string | null;
}

function shown(property: ListedProperty): string {
  if (property.value === null || property.value === '') return '--';
  if (property.options.length === 0) return property.type === 'datetime' ? property.value.slice(0, 10) : property.value;
  return property.value
    .split(';')
    .map((value) => property.options.find((option) => option.value === value)?.label ?? value)
    .join(', ');
}

function PropertyRow({ property, save }: { property: ListedProperty; save: (name: string, value: string) => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const start = () => {
    setDraft(property.value ? property.value.split(';') : []);
    setError(null);
    setEditing(true);
  };
  const commit = async () => {
    try {
      await save(property.name, draft.join(';'));
      setEditing(false);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  const inputId = `crm-property-${property.name}`;
  return (
    <div className="hs-description-list__item" data-property={property.name}>
      <label className="hs-description-list__label" htmlFor={inputId}>
        {property.label}
      </label>
      {editing ? (
        <div className="hs-crm-property-list__editor">
          {property.options.length > 0 ? (
            <select
              id={inputId}
              className="hs-input"
              multiple={property.multiple}
              value={property.multiple ? draft : (draft[0] ?? '')}
              onChange={(event) =>
                setDraft(
                  Array.from(event.target.selectedOptions)
                    .map((option) => option.value)
                    .filter(Boolean),
                )
              }
            >
              {!property.multiple && <option value="">--</option>}
              {property.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={inputId}
              className="hs-input"
              type={property.type === 'number' ? 'number' : property.type === 'date' || property.type === 'datetime' ? 'date' : 'text'}
              value={draft[0] ?? ''}
              onChange={(event) => setDraft([event.target.value])}
            />
          )}
          <button type="button" className="hs-button hs-button--primary hs-button--xs" onClick={() => void commit()}>
            Save
          </button>
          <button type="button" className="hs-button hs-button--xs" onClick={() => setEditing(false)}>
            Cancel
          </button>
          {error && <span className="hs-crm-property-list__error">{error}</span>}
        </div>
      ) : (
        <button
          type="button"
          className="hs-crm-property-list__value"
          disabled={property.readOnly}
          aria-label={property.readOnly ? `${property.label}: ${shown(property)}` : `Edit ${property.label}: ${shown(property)}`}
          onClick={start}
        >
          {shown(property)}
        </button>
      )}
    </div>
  );
}

export function CrmPropertyList({ properties, direction, objectTypeId, objectId, testId }: CrmPropertyListProps) {
  const record = previewRecord();
  const typeId = objectTypeId ?? record.objectTypeId;
  const id = String(objectId ?? record.objectId);
  const names = properties.join(',');
  const [listed, setListed] = useState<{ objectType: string; properties: ListedProperty[] } | { error: string } | null>(null);
  const load = useCallback(async () => {
    try {
      const query = new URLSearchParams({ objectTypeId: typeId, objectId: id, names });
      setListed(await readSandboxJson(await fetch(`/sandbox/property-list?${query}`), 'Reading properties'));
    } catch (error) {
      setListed({ error: error instanceof Error ? error.message : String(error) });
    }
  }, [typeId, id, names]);
  useEffect(() => {
    void load();
    return onRecordChanged(() => void load());
  }, [load]);
  const save = async (name: string, value: string) => {
    if (!listed || 'error' in listed) return;
    await readSandboxJson(
      await fetch('/sandbox/record-update', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ objectType: listed.objectType, id, properties: { [name]: value } }),
      }),
      'Saving the property',
    );
    window.dispatchEvent(new Event(RECORD_CHANGED_EVENT));
  };
  return (
    <div
      data-hs-component="CrmPropertyList"
      data-testid={testId}
      className={`hs-description-list hs-description-list--${direction === 'row' ? 'row' : 'column'} hs-crm-property-list`}
    >
      {listed === null && <span className="hs-text hs-text--microcopy">Loading properties…</span>}
      {listed && 'error' in listed && <span className="hs-crm-property-list__error">{listed.error}</span>}
      {listed && 'properties' in listed && listed.properties.map((property) => <PropertyRow key={property.name} property={property} save={save} />)}
    </div>
  );
}
