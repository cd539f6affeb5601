// The unit directory in libSQL: units, their chats and contacts. A click reads one unit by
// index; only answers that list every unit read them all. Every write is one atomic batch.
import type { InStatement, Row } from '@libsql/client';
import type { DirectoryStore, StoredUnit } from '../app/ports/index.js';
import type { ContactRole, UnitSpec } from '../core/plan-spec.js';
import type { Database } from './database.js';

const unitIdOf = '(SELECT id FROM units WHERE code = ?)';

function toUnits(unitRows: readonly Row[], chatRows: readonly Row[], contactRows: readonly Row[]): StoredUnit[] {
  const chatsOf = new Map<number, string[]>();
  for (const c of chatRows) chatsOf.set(Number(c.unit_id), [...(chatsOf.get(Number(c.unit_id)) ?? []), String(c.chat_id)]);
  const contactsOf = new Map<number, StoredUnit['contacts']>();
  const opt = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
  for (const c of contactRows) {
    const id = Number(c.unit_id);
    contactsOf.set(id, [
      ...(contactsOf.get(id) ?? []),
      { openId: opt(c.open_id), name: opt(c.name), mobile: opt(c.mobile), email: opt(c.email), role: String(c.role) as ContactRole, awayUntil: opt(c.away_until) },
    ]);
  }
  return unitRows.map((u) => ({
    id: Number(u.id),
    code: String(u.code),
    name: String(u.name),
    kind: String(u.kind) as StoredUnit['kind'],
    aliases: JSON.parse(String(u.aliases)) as string[],
    toConfirm: Boolean(Number(u.to_confirm)),
    note: opt(u.note),
    chats: chatsOf.get(Number(u.id)) ?? [],
    contacts: contactsOf.get(Number(u.id)) ?? [],
  }));
}

const unitColumns = 'SELECT u.id, u.code, u.name, u.kind, u.aliases, u.to_confirm, u.note FROM units u';
const chatColumns = 'SELECT c.unit_id, c.chat_id FROM unit_chats c';
const contactColumns = 'SELECT c.unit_id, c.open_id, c.name, c.mobile, c.email, c.role, c.away_until FROM unit_contacts c';

export function createDirectoryStore({ client }: Database): DirectoryStore {
  /** The units matching `where` (on units u), with their chats and contacts, in one read. */
  async function read(where: string, args: (string | number)[]): Promise<StoredUnit[]> {
    const [units, chats, contacts] = await client.batch(
      [
        { sql: `${unitColumns} WHERE ${where} ORDER BY u.id`, args },
        { sql: `${chatColumns} WHERE c.unit_id IN (SELECT u.id FROM units u WHERE ${where}) ORDER BY c.id`, args },
        { sql: `${contactColumns} WHERE c.unit_id IN (SELECT u.id FROM units u WHERE ${where}) ORDER BY c.id`, args },
      ],
      'read',
    );
    return toUnits(units!.rows, chats!.rows, contacts!.rows);
  }

  async function unitOfChat(chatId: string): Promise<string | undefined> {
    const r = await client.execute({ sql: `SELECT u.code FROM unit_chats c JOIN units u ON u.id = c.unit_id WHERE c.chat_id = ?`, args: [chatId] });
    return r.rows[0] ? String(r.rows[0].code) : undefined;
  }

  return {
    units: () => read('true', []),
    unit: async (code) => (await read('u.code = ?', [code]))[0],
    unitByChat: async (chatId) => (await read('u.id = (SELECT unit_id FROM unit_chats WHERE chat_id = ?)', [chatId]))[0],
    async isOfficeContact(openId) {
      const r = await client.execute({
        sql: `SELECT 1 FROM unit_contacts c JOIN units u ON u.id = c.unit_id WHERE c.open_id = ? AND u.kind = 'office' LIMIT 1`,
        args: [openId],
      });
      return r.rows.length > 0;
    },

    async upsertUnits(units: readonly UnitSpec[], at: Date) {
      const stmts: InStatement[] = [];
      for (const u of units) {
        stmts.push({
          sql: `INSERT INTO units (code, name, kind, aliases, to_confirm, note) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                  aliases = excluded.aliases, to_confirm = excluded.to_confirm, note = excluded.note`,
          args: [u.code, u.name, u.kind, JSON.stringify(u.aliases), u.toConfirm ? 1 : 0, u.note ?? null],
        });
        // Directory contacts without an open_id yet are replaced wholesale; the rest are upserted by open_id.
        stmts.push({ sql: `DELETE FROM unit_contacts WHERE unit_id = ${unitIdOf} AND source = 'directory' AND open_id IS NULL`, args: [u.code] });
        for (const c of u.contacts) {
          stmts.push({
            sql: `INSERT INTO unit_contacts (unit_id, open_id, name, mobile, email, role, source) VALUES (${unitIdOf}, ?, ?, ?, ?, ?, 'directory')
                  ON CONFLICT(unit_id, open_id) DO UPDATE SET name = coalesce(excluded.name, unit_contacts.name),
                    mobile = excluded.mobile, email = excluded.email, role = excluded.role`,
            args: [u.code, c.openId ?? null, c.name ?? null, c.mobile ?? null, c.email ?? null, c.role],
          });
        }
        for (const chatId of u.chats) {
          stmts.push({
            sql: `INSERT INTO unit_chats (unit_id, chat_id, bound_by, bound_at) VALUES (${unitIdOf}, ?, 'directory', ?) ON CONFLICT(chat_id) DO NOTHING`,
            args: [u.code, chatId, at.getTime()],
          });
        }
      }
      await client.batch(stmts, 'write');
    },

    async bindChat({ unitCode, chatId, contacts, by, at }) {
      const previous = await unitOfChat(chatId);
      const stmts: InStatement[] = [
        { sql: `DELETE FROM unit_chats WHERE chat_id = ?`, args: [chatId] },
        { sql: `INSERT INTO unit_chats (unit_id, chat_id, bound_by, bound_at) VALUES (${unitIdOf}, ?, ?, ?)`, args: [unitCode, chatId, by, at.getTime()] },
        ...contacts.map((c) => ({
          sql: `INSERT INTO unit_contacts (unit_id, open_id, name, role, source) VALUES (${unitIdOf}, ?, ?, 'contact', 'binding')
                ON CONFLICT(unit_id, open_id) DO UPDATE SET name = coalesce(excluded.name, unit_contacts.name)`,
          args: [unitCode, c.openId, c.name ?? null],
        })),
        {
          sql: `INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)`,
          args: [at.getTime(), by, previous ? 'chat.rebind' : 'chat.bind', chatId, JSON.stringify({ unit: unitCode, previous: previous ?? null, contacts: contacts.map((c) => c.openId) })],
        },
      ];
      await client.batch(stmts, 'write');
      return { previous };
    },

    async unbindChat(chatId, by, at) {
      const previous = await unitOfChat(chatId);
      if (!previous) return undefined;
      await client.batch(
        [
          { sql: `DELETE FROM unit_chats WHERE chat_id = ?`, args: [chatId] },
          { sql: `INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, 'chat.unbind', ?, ?)`, args: [at.getTime(), by, chatId, JSON.stringify({ unit: previous })] },
        ],
        'write',
      );
      return previous;
    },

    async setAway(openId, until, by, at) {
      const [updated] = await client.batch(
        [
          {
            sql: `UPDATE unit_contacts SET away_until = ? WHERE open_id = ? RETURNING (SELECT code FROM units WHERE id = unit_id) AS code`,
            args: [until, openId],
          },
          {
            sql: `INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)`,
            args: [at.getTime(), by, until ? 'contact.away' : 'contact.back', openId, JSON.stringify({ until })],
          },
        ],
        'write',
      );
      return updated!.rows.map((r) => String(r.code));
    },

    async unresolvedContacts() {
      const r = await client.execute(
        `SELECT u.code, c.mobile, c.email FROM unit_contacts c JOIN units u ON u.id = c.unit_id
         WHERE c.open_id IS NULL AND (c.mobile IS NOT NULL OR c.email IS NOT NULL) ORDER BY c.id`,
      );
      return r.rows.map((row) => ({
        unitCode: String(row.code),
        mobile: row.mobile === null ? undefined : String(row.mobile),
        email: row.email === null ? undefined : String(row.email),
      }));
    },

    async resolveContact(unitCode, by, openId) {
      const [column, value] = by.mobile ? ['mobile', by.mobile] : ['email', by.email ?? ''];
      // If this person is already a contact of the unit (bound in chat), the directory row merges into it.
      await client.batch(
        [
          {
            sql: `UPDATE unit_contacts SET mobile = coalesce(unit_contacts.mobile, d.mobile), email = coalesce(unit_contacts.email, d.email),
                    name = coalesce(unit_contacts.name, d.name), role = d.role
                  FROM (SELECT mobile, email, name, role FROM unit_contacts WHERE unit_id = ${unitIdOf} AND open_id IS NULL AND ${column} = ?) d
                  WHERE unit_contacts.unit_id = ${unitIdOf} AND unit_contacts.open_id = ?`,
            args: [unitCode, value, unitCode, openId],
          },
          {
            sql: `DELETE FROM unit_contacts WHERE unit_id = ${unitIdOf} AND open_id IS NULL AND ${column} = ?
                  AND EXISTS (SELECT 1 FROM unit_contacts WHERE unit_id = ${unitIdOf} AND open_id = ?)`,
            args: [unitCode, value, unitCode, openId],
          },
          {
            sql: `UPDATE unit_contacts SET open_id = ? WHERE unit_id = ${unitIdOf} AND open_id IS NULL AND ${column} = ?`,
            args: [openId, unitCode, value],
          },
        ],
        'write',
      );
    },

  };
}
