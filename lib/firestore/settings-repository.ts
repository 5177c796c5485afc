/** stores/{storeHash}/settings/current: the store's sync settings, always read through the schema (defaults). */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { defaultSyncSettings, SyncSettingsSchema, type SyncSettings } from '@/lib/sync/sync-settings';
import { storeRef } from './store-repository';

function settingsRef(db: Firestore, storeHash: string) {
  return storeRef(db, storeHash).collection('settings').doc('current');
}

export class SettingsRepository {
  constructor(private readonly db: Firestore) {}

  /** Saved settings with defaults filled in; defaults alone for a store that never saved any. */
  async get(storeHash: string): Promise<SyncSettings> {
    const snapshot = await settingsRef(this.db, storeHash).get();
    if (!snapshot.exists) return defaultSyncSettings();
    const { updatedAt: _updatedAt, updatedBy: _updatedBy, ...saved } = snapshot.data() ?? {};
    return SyncSettingsSchema.parse(saved);
  }

  /** When and by whom the settings were last saved; undefined while the store runs on defaults. */
  async lastSaved(storeHash: string): Promise<{ at: Timestamp; by: number } | undefined> {
    const snapshot = await settingsRef(this.db, storeHash).get();
    const data = snapshot.data();
    return data?.updatedAt ? { at: data.updatedAt as Timestamp, by: data.updatedBy as number } : undefined;
  }

  /** Validates, then replaces the settings; returns what was stored. */
  async save(storeHash: string, input: unknown, updatedBy: number): Promise<SyncSettings> {
    const settings = SyncSettingsSchema.parse(input);
    await settingsRef(this.db, storeHash).set({ ...settings, updatedAt: Timestamp.now(), updatedBy });
    return settings;
  }
}
