/** The Track API in memory, behind `fetch`: tests mock at the network boundary only, and the
 * page's real client, cache and hooks run above it. It keeps the rules the page relies on
 * (stages from TRANSITIONS, the rejection and withdrawal lock, interview rounds, keyset-like pages, filters). */
import {
  LOCKED_STAGES,
  SCHEMA_VERSION,
  TRANSITIONS,
  type EventTypeValue,
  type StageValue,
} from "../generated/trackingSchema.js";
import { SCHEMA_VERSION_HEADER } from "../lib/apiClient";
import type { Contact, TrackedJob, TrackingEvent } from "../lib/apiTypes";
import type { LibraryDocument } from "../lib/documentTypes";
import { makeJob } from "./factories";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

type Handler = (request: RecordedRequest) => Response | undefined;

const REJECTED =
  "This job is rejected; delete the rejection event to undo it before adding events.";
const WITHDRAWN =
  "This job is withdrawn; delete the withdrawal event to undo it before adding events.";
/** The API's 409 for a change to a locked (rejected or withdrawn) job, or null. */
const lockedDetail = (stage: StageValue) =>
  LOCKED_STAGES.includes(stage) ? (stage === "withdrawn" ? WITHDRAWN : REJECTED) : null;

/** The lowest round no interview has (stages.lowest_free_round). */
const lowestFree = (rounds: number[]) => {
  let round = 1;
  while (rounds.includes(round)) round += 1;
  return round;
};

export function json(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json",
      [SCHEMA_VERSION_HEADER]: SCHEMA_VERSION,
      ...headers,
    },
  });
}

let clock = Date.parse("2026-03-01T10:00:00Z");
const stamp = () => new Date((clock += 1000)).toISOString();

export function createFakeServer({
  jobs = [] as TrackedJob[],
  contacts = [] as Contact[],
  documents = [] as LibraryDocument[],
} = {}) {
  const store = new Map<number, TrackedJob>(jobs.map((j) => [j.id, structuredClone(j)]));
  const people = new Map<number, Contact>(contacts.map((c) => [c.id, structuredClone(c)]));
  const library = new Map<number, LibraryDocument>(
    documents.map((d) => [d.id, structuredClone(d)]),
  );
  let nextId = 10_000;
  const requests: RecordedRequest[] = [];
  const handlers: Handler[] = [];

  const touch = (job: TrackedJob, changes: Partial<TrackedJob>) => {
    const updated = { ...job, ...changes, updated_at: stamp() };
    updated.stage = updated.events.at(-1)?.event_type ?? "saved";
    store.set(job.id, updated);
    return updated;
  };

  function list(query: URLSearchParams) {
    const q = (query.get("q") ?? "").trim().toLowerCase();
    const stages = query.getAll("stage");
    const active = query.get("active") === "true";
    const tags = query.getAll("tag").map((t) => t.trim().toLowerCase());
    const priorityMin = Number(query.get("priority_min") ?? 0);
    const limit = Number(query.get("limit") ?? 100);
    const offset = Number(query.get("cursor") ?? 0);
    const matching = [...store.values()]
      .filter((j) => !q || `${j.company}\n${j.title}`.toLowerCase().includes(q))
      .filter((j) => !stages.length || stages.includes(j.stage))
      .filter(
        (j) => !active || !["accepted", "declined", "rejected", "withdrawn"].includes(j.stage),
      )
      .filter((j) => tags.every((t) => j.tags.some((own) => own.toLowerCase() === t)))
      .filter((j) => j.priority >= priorityMin)
      .sort((a, b) => b.updated_at.localeCompare(a.updated_at) || b.id - a.id);
    // As the API: the list's items leave the people and the documents out.
    const items = matching
      .slice(offset, offset + limit)
      .map(({ contacts: _, documents: __, ...item }) => item);
    const next = offset + limit < matching.length ? String(offset + limit) : null;
    return json(200, { items, next_cursor: next });
  }

  function addEvent(job: TrackedJob, body: Record<string, unknown>) {
    const type = body.event_type as EventTypeValue;
    if (lockedDetail(job.stage)) return json(409, { detail: lockedDetail(job.stage) });
    if (!TRANSITIONS[job.stage].includes(type)) {
      return json(409, { detail: `Cannot add ${type} after ${job.stage}.` });
    }
    const note = { ...((body.note as Record<string, unknown>) ?? {}) };
    if (type === "interview") {
      const rounds = job.events
        .filter((e) => e.event_type === "interview")
        .map((e) => e.note.round as number);
      if (note.round == null) note.round = rounds.length ? Math.max(...rounds) + 1 : 1;
      else if (rounds.includes(note.round as number)) {
        // As the API: a 422 at the round, naming the next free one.
        const msg = `This job already has interview round ${note.round as number}; use round ${lowestFree(rounds)}, or leave it empty for the next one.`;
        return json(422, {
          detail: [{ loc: ["body", "interview", "note", "round"], msg, type: "value_error" }],
          message: `interview.note.round: ${msg}`,
        });
      }
    }
    const event: TrackingEvent = {
      id: nextId++,
      event_type: type,
      event_date: body.event_date as string,
      event_time: (body.event_time as string) ?? null,
      location: (body.location as string) ?? null,
      note,
      inferred: false,
      created_at: stamp(),
      updated_at: stamp(),
    };
    return json(201, touch(job, { events: [...job.events, event] }));
  }

  /** A contact with the jobs it is on, as the API lists it. */
  const contactRead = (contact: Contact): Contact => ({
    ...contact,
    job_ids: [...store.values()]
      .filter((j) => (j.contacts ?? []).some((p) => p.id === contact.id))
      .map((j) => j.id)
      .sort((a, b) => a - b),
  });

  function contactsRoute(method: string, path: string, body: Record<string, unknown>) {
    const blankIsNull = (fields: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === "" ? null : v]));
    if (path === "/api/contacts") {
      if (method === "GET") {
        const items = [...people.values()]
          .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id - b.id)
          .map(contactRead);
        return json(200, { items });
      }
      if (method === "POST") {
        const contact: Contact = {
          id: nextId++,
          role: "other",
          email: null,
          phone: null,
          linkedin_url: null,
          note: null,
          ...(blankIsNull(body) as Partial<Contact>),
          name: (typeof body.name === "string" ? body.name : "").trim(),
          job_ids: [],
        };
        people.set(contact.id, contact);
        return json(201, contact);
      }
    }
    const match = /^\/api\/contacts\/(\d+)$/.exec(path);
    const contact = match ? people.get(Number(match[1])) : undefined;
    if (!contact) return json(404, { detail: "Contact not found." });
    if (method === "PATCH") {
      const changed = { ...contact, ...(blankIsNull(body) as Partial<Contact>) };
      people.set(contact.id, changed);
      for (const job of store.values()) {
        const at = (job.contacts ?? []).findIndex((p) => p.id === contact.id);
        if (at >= 0) {
          const contacts = [...(job.contacts ?? [])];
          contacts[at] = { id: changed.id, name: changed.name, role: changed.role };
          store.set(job.id, { ...job, contacts });
        }
      }
      return json(200, contactRead(changed));
    }
    if (method === "DELETE") {
      people.delete(contact.id);
      for (const job of store.values()) {
        store.set(job.id, {
          ...job,
          contacts: (job.contacts ?? []).filter((p) => p.id !== contact.id),
        });
      }
      return new Response(null, { status: 204 });
    }
    return json(405, { detail: "Method Not Allowed" });
  }

  /** A document with the jobs it is attached to, as the API lists it. */
  const documentRead = (document: LibraryDocument): LibraryDocument => ({
    ...document,
    job_ids: [...store.values()]
      .filter((j) => (j.documents ?? []).some((d) => d.id === document.id))
      .map((j) => j.id)
      .sort((a, b) => a - b),
  });
  /** Every job that lists the document: its copy of the name and kind follows `change`. */
  const mapJobDocuments = (
    documentId: number,
    change: (refs: NonNullable<TrackedJob["documents"]>) => TrackedJob["documents"],
  ) => {
    for (const job of store.values()) {
      if ((job.documents ?? []).some((d) => d.id === documentId)) {
        store.set(job.id, { ...job, documents: change(job.documents ?? []) });
      }
    }
  };
  const issued = new Map<string, { filename: string; size: number; content_type: string }>();
  const EXTENSION_TYPES: Record<string, string> = {
    pdf: "application/pdf",
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    txt: "text/plain",
  };

  function documentsRoute(
    method: string,
    path: string,
    body: Record<string, unknown>,
    query: URLSearchParams,
  ) {
    if (path === "/api/documents" && method === "GET") {
      const items = [...library.values()]
        .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id)
        .map(documentRead);
      return json(200, { items });
    }
    if (path === "/api/documents/upload-url" && method === "POST") {
      const filename = typeof body.filename === "string" ? body.filename : "";
      const ext = /\.([^.]+)$/.exec(filename)?.[1]?.toLowerCase() ?? "";
      if (EXTENSION_TYPES[ext] !== body.content_type) {
        const msg = "content_type must match the filename's extension (.pdf, .docx or .txt)";
        return json(422, {
          detail: [{ loc: ["body", "content_type"], msg, type: "value_error" }],
          message: `content_type: ${msg}`,
        });
      }
      const key = `documents/pending/${nextId++}`;
      issued.set(key, {
        filename,
        size: Number(body.size),
        content_type: String(body.content_type),
      });
      return json(200, {
        upload_url: `http://s3.local/bucket/${key}?sig=1`,
        method: "PUT",
        headers: { "Content-Type": String(body.content_type) },
        key,
        expires_in: 300,
        max_bytes: 10485760,
      });
    }
    if (path === "/api/documents" && method === "POST") {
      const grant = issued.get(String(body.key));
      if (!grant) return json(404, { detail: "Upload not found; upload the file again." });
      if (library.size >= 200) {
        return json(409, {
          detail: "You have 200 documents, the most Track keeps; delete one first.",
        });
      }
      const document: LibraryDocument = {
        id: nextId++,
        kind: body.kind as LibraryDocument["kind"],
        name: typeof body.name === "string" && body.name ? body.name : String(body.filename),
        filename: String(body.filename),
        content_type: grant.content_type as LibraryDocument["content_type"],
        size: grant.size,
        created_at: stamp(),
        job_ids: [],
      };
      library.set(document.id, document);
      return json(201, document);
    }
    const match = /^\/api\/documents\/(\d+)(\/url)?$/.exec(path);
    const document = match ? library.get(Number(match[1])) : undefined;
    if (!match || !document) return json(404, { detail: "Document not found." });
    if (match[2]) {
      return json(200, {
        url: `http://s3.local/doc/${document.id}?d=${query.get("disposition") ?? ""}`,
        filename: document.filename,
        expires_in: 300,
      });
    }
    if (method === "PATCH") {
      const changed = { ...document, ...(body as Partial<LibraryDocument>) };
      library.set(document.id, changed);
      mapJobDocuments(document.id, (refs) =>
        refs.map((d) =>
          d.id === document.id
            ? { id: d.id, kind: changed.kind, name: changed.name, filename: changed.filename }
            : d,
        ),
      );
      return json(200, documentRead(changed));
    }
    if (method === "DELETE") {
      mapJobDocuments(document.id, (refs) => refs.filter((d) => d.id !== document.id));
      library.delete(document.id);
      return new Response(null, { status: 204 });
    }
    return json(405, { detail: "Method Not Allowed" });
  }

  function route(request: RecordedRequest): Response {
    const { method, path, query } = request;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (path.startsWith("/api/contacts")) return contactsRoute(method, path, body);
    if (path.startsWith("/api/documents")) return documentsRoute(method, path, body, query);
    if (method === "POST" && path === "/api/auth/dev-token") {
      return json(200, { access_token: `token-for-${String(body.sub)}`, token_type: "bearer" });
    }
    if (path === "/api/account" && method === "GET") {
      const jobs = [...store.values()];
      const events = jobs.reduce((n, j) => n + j.events.length, 0);
      return json(200, { jobs: jobs.length, events, documents: 0, stored_bytes: 0 });
    }
    if (path === "/api/tags" && method === "GET") {
      // Grouped ignoring case, spelled as on the most recently updated job; most used first.
      const counts = new Map<string, { tag: string; jobs: number; at: string }>();
      for (const j of store.values()) {
        for (const tag of j.tags) {
          const seen = counts.get(tag.toLowerCase());
          const newer = !seen || j.updated_at > seen.at;
          counts.set(tag.toLowerCase(), {
            tag: newer ? tag : seen.tag,
            jobs: (seen?.jobs ?? 0) + 1,
            at: newer ? j.updated_at : seen.at,
          });
        }
      }
      const items = [...counts.values()]
        .sort((a, b) => b.jobs - a.jobs || a.tag.localeCompare(b.tag))
        .map(({ tag, jobs }) => ({ tag, jobs }));
      return json(200, { items });
    }
    if (path === "/api/tracked") {
      if (method === "GET") return list(query);
      if (method === "POST") {
        const job = makeJob({
          id: nextId++,
          company: String(body.company),
          title: String(body.title),
          job_url: (body.job_url as string) ?? null,
          priority: (body.priority as number) ?? 0,
          tags: (body.tags as string[]) ?? [],
          created_at: stamp(),
          updated_at: stamp(),
        });
        store.set(job.id, job);
        return json(201, job);
      }
    }
    const match = /^\/api\/tracked\/(\d+)(\/.*)?$/.exec(path);
    const job = match ? store.get(Number(match[1])) : undefined;
    if (!match || !job) return json(404, { detail: "Tracked job not found." });
    const rest = match[2] ?? "";
    if (rest === "") {
      if (method === "GET") return json(200, job);
      if (method === "DELETE") {
        store.delete(job.id);
        return new Response(null, { status: 204 });
      }
      if (method === "PATCH") {
        if (lockedDetail(job.stage)) return json(409, { detail: lockedDetail(job.stage) });
        const { notes, ...fields } = body as Partial<TrackedJob> & { notes?: object };
        return json(200, touch(job, { ...fields, notes: { ...job.notes, ...notes } }));
      }
    }
    if (rest === "/events" && method === "POST") return addEvent(job, body);
    if (rest === "/contacts" && method === "PUT") {
      if (lockedDetail(job.stage)) return json(409, { detail: lockedDetail(job.stage) });
      const ids = body.contact_ids as number[];
      const found = ids.map((id) => people.get(id));
      if (found.some((c) => !c)) return json(404, { detail: "Contact not found." });
      const contacts = (found as Contact[]).map(({ id, name, role }) => ({ id, name, role }));
      const updated = { ...job, contacts };
      store.set(job.id, updated);
      return json(200, updated);
    }
    if (rest === "/documents" && method === "PUT") {
      if (lockedDetail(job.stage)) return json(409, { detail: lockedDetail(job.stage) });
      const ids = body.document_ids as number[];
      const found = ids.map((id) => library.get(id));
      if (found.some((d) => !d)) return json(404, { detail: "Document not found." });
      const refs = (found as LibraryDocument[]).map(({ id, kind, name, filename }) => ({
        id,
        kind,
        name,
        filename,
      }));
      const updated = { ...job, documents: refs };
      store.set(job.id, updated);
      return json(200, updated);
    }
    const eventMatch = /^\/events\/(\d+)$/.exec(rest);
    if (eventMatch) {
      const eventId = Number(eventMatch[1]);
      const event = job.events.find((e) => e.id === eventId);
      if (!event) return json(404, { detail: "Event not found." });
      if (method === "DELETE") {
        if (job.events.at(-1)?.id !== eventId) {
          return json(409, { detail: "Only the latest event can be deleted." });
        }
        return json(200, touch(job, { events: job.events.slice(0, -1) }));
      }
      if (method === "PATCH") {
        if (lockedDetail(job.stage)) return json(409, { detail: lockedDetail(job.stage) });
        // As the API: dating a step the user had not dated makes it a known date.
        const dated = "event_date" in body ? { inferred: false } : {};
        const edited = { ...event, ...body, ...dated, updated_at: stamp() };
        return json(
          200,
          touch(job, { events: job.events.map((e) => (e.id === eventId ? edited : e)) }),
        );
      }
    }
    if (rest === "/resume/upload-url") {
      if (lockedDetail(job.stage)) return json(409, { detail: lockedDetail(job.stage) });
      return json(200, {
        upload_url: "http://s3.local/bucket/key?sig=1",
        method: "PUT",
        headers: { "Content-Type": "application/pdf" },
        key: `pending/${job.id}/k1.pdf`,
        expires_in: 300,
        max_bytes: 5242880,
      });
    }
    if (rest === "/resume/confirm") {
      return json(
        200,
        touch(job, {
          has_resume: true,
          notes: { ...job.notes, resume_filename: String(body.filename) },
        }),
      );
    }
    if (rest === "/resume/url") {
      return json(200, {
        url: `http://s3.local/view?d=${query.get("disposition") ?? ""}`,
        filename: job.notes.resume_filename ?? "resume.pdf",
        expires_in: 300,
      });
    }
    return json(405, { detail: "Method Not Allowed" });
  }

  async function fetchImpl(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(
      input instanceof Request ? input.url : input.toString(),
      "http://track.test",
    );
    const request: RecordedRequest = {
      method: init.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      body: typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    requests.push(request);
    await Promise.resolve();
    for (const handler of handlers) {
      const response = handler(request);
      if (response) return response;
    }
    return route(request);
  }

  return {
    fetch: fetchImpl,
    requests,
    job: (id: number) => store.get(id),
    jobs: () => [...store.values()],
    contacts: () => [...people.values()],
    documents: () => [...library.values()].map(documentRead),
    /** Change a job behind the page's back (another tab, another device). */
    setJob: (job: TrackedJob) => store.set(job.id, structuredClone(job)),
    /** Answer matching requests yourself (return undefined to let the server answer). */
    intercept(handler: Handler) {
      handlers.push(handler);
    },
    requestsTo: (method: string, path: RegExp) =>
      requests.filter((r) => r.method === method && path.test(r.path)),
  };
}

export type FakeServer = ReturnType<typeof createFakeServer>;

/** `count` jobs, newest first by `updated_at`, the first `named` given names. */
export function manyJobs(count: number, named: Partial<TrackedJob>[] = []): TrackedJob[] {
  return Array.from({ length: count }, (_, i) =>
    makeJob({
      company: `Filler ${i + 1}`,
      title: "Engineer",
      updated_at: new Date(Date.parse("2026-02-01T00:00:00Z") - i * 60_000).toISOString(),
      ...named[i],
    }),
  );
}
