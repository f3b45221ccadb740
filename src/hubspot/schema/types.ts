/** A custom CRM property the app owns. Every property lives in the app's group on its object. */
export interface PropertyDef {
  objectType: 'deals' | 'companies' | 'products';
  /** Internal name; always prefixed `cosell_` so the app never collides with portal properties. */
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
  fieldType: 'text' | 'textarea' | 'number' | 'date' | 'select' | 'radio' | 'booleancheckbox' | 'checkbox';
  description: string;
  options?: ReadonlyArray<{ label: string; value: string; description?: string }>;
  /** Who writes the value: the app's functions, people editing the record, or an external co-sell sync. */
  writtenBy: 'app' | 'user' | 'sync';
  /** Kept out of HubSpot's record views and property pickers (the API still reads and writes it): for the app's caches. */
  hidden?: true;
}
