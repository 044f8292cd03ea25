import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import {
  EVENT_FIELDS,
  EVENT_FORMS,
  STAGE_FIELDS,
  type EventTypeValue,
} from "../../../generated/trackingSchema.js";
import type { TrackedJob } from "../../../lib/apiTypes";
import { createFakeServer, json } from "../../../test/fakeServer";
import { makeEvent, makeJob } from "../../../test/factories";
import { renderWithApp } from "../../../test/render";
import { todayIso } from "../../../lib/format";
import { EventDialog } from "./EventDialog";

function open({
  job = makeJob(),
  eventType = "applied",
  event = null,
}: {
  job?: TrackedJob;
  eventType?: EventTypeValue;
  event?: TrackedJob["events"][number] | null;
} = {}) {
  const server = createFakeServer({ jobs: [job] });
  const onClose = vi.fn();
  const view = renderWithApp(
    <EventDialog job={job} eventType={eventType} event={event} onClose={onClose} />,
    { server },
  );
  const dialog = screen.getByRole("dialog");
  const sent = () => server.requests.filter((r) => r.method !== "GET").map((r) => r.body);
  return { ...view, dialog, onClose, sent, job };
}

describe("EventDialog: a form generated from the schema", () => {
  it.each(Object.keys(STAGE_FIELDS) as EventTypeValue[])(
    "renders every always-shown field of %s from the specs, its own fields first",
    (type) => {
      const { dialog } = open({ eventType: type });
      const form = EVENT_FORMS[type];
      expect(screen.getByRole("heading", { name: form.title })).toBeInTheDocument();
      const eventFields = EVENT_FIELDS.filter(
        (f) => f.name === "event_date" || form[f.name as "event_time" | "location"],
      ).map((f) => (f.name === "event_date" ? { ...f, label: form.date_label } : f));
      const own = STAGE_FIELDS[type].filter((f) => !f.showIf);
      const inputs = [...dialog.querySelectorAll("input, select, textarea")].map((el) =>
        el.getAttribute("name"),
      );
      expect(inputs).toEqual([...own, ...eventFields].map((f) => f.name));
      for (const field of [...own, ...eventFields]) {
        const input = within(dialog).getByLabelText(new RegExp(`^${field.label}`));
        if (field.maxLength && field.type !== "select")
          expect(input).toHaveAttribute("maxlength", String(field.maxLength));
        if (field.type === "select")
          expect(within(input).getAllByRole("option")).toHaveLength(
            field.options!.length + (field.required || field.default != null ? 0 : 1),
          );
      }
    },
  );

  it("starts on the stage's first own field; the date defaults to today", () => {
    const { dialog } = open();
    expect(within(dialog).getByLabelText("How you applied")).toHaveFocus();
    expect(within(dialog).getByLabelText(/^Date applied/)).toHaveValue(todayIso());
    expect(within(dialog).queryByLabelText("Location")).toBeNull();
  });

  it("never hides a stored time or place, even where the form does not offer them", () => {
    const event = makeEvent("offer", { event_time: "10:00:00", location: "Head office" });
    const { dialog } = open({ job: makeJob({ events: [event] }), eventType: "offer", event });
    expect(screen.getByRole("heading", { name: "Edit offer" })).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Location")).toHaveValue("Head office");
    expect(within(dialog).getByLabelText(/^Event time/)).toHaveValue("10:00:00");
  });

  it("shows dependent fields only while their showIf holds, and sends only what is shown", async () => {
    const { dialog, user, sent, onClose } = open({ eventType: "applied" });
    expect(within(dialog).queryByLabelText("Referrer")).toBeNull();
    await user.selectOptions(within(dialog).getByLabelText("How you applied"), "referral");
    await user.type(within(dialog).getByLabelText("Referrer"), "Dana");
    expect(within(dialog).getByLabelText("What the referrer said")).toBeInTheDocument();
    await user.selectOptions(within(dialog).getByLabelText("How you applied"), "email");
    expect(within(dialog).queryByLabelText("Referrer")).toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Record application" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent()[0]).toMatchObject({ event_type: "applied", note: { type: "email" } });
  });

  it("checks limits before sending and says what is wrong at the field", async () => {
    const { dialog, user, sent } = open({ eventType: "interview" });
    await user.clear(within(dialog).getByLabelText(/^Date/));
    await user.clear(within(dialog).getByLabelText("Round"));
    await user.type(within(dialog).getByLabelText("Round"), "0");
    await user.click(within(dialog).getByRole("button", { name: "Record interview" }));
    expect(sent()).toHaveLength(0);
    const date = within(dialog).getByLabelText(/^Date/);
    expect(date).toHaveAttribute("aria-invalid", "true");
    expect(date).toHaveAccessibleDescription("Date is required.");
    expect(within(dialog).getByLabelText("Round")).toHaveAccessibleDescription(
      /Round must be at least 1\./,
    );
    // The first field in error, in form order (the stage's own fields come first).
    await waitFor(() => expect(within(dialog).getByLabelText("Round")).toHaveFocus());
  });

  it("offers the next interview round and shows the API's refusal of a taken one at the round", async () => {
    const job = makeJob({
      events: [
        makeEvent("interview", { event_date: "2026-01-15", note: { round: 1 } }),
        makeEvent("interview", { event_date: "2026-01-20", note: { round: 2 } }),
      ],
    });
    const { dialog, user, sent } = open({ job, eventType: "interview" });
    const round = within(dialog).getByLabelText("Round");
    expect(round).toHaveValue(3);
    await user.clear(round);
    await user.type(round, "2");
    await user.click(within(dialog).getByRole("button", { name: "Record interview" }));
    await waitFor(() =>
      expect(round).toHaveAccessibleDescription(
        /This job already has interview round 2; use round 3, or leave it empty/,
      ),
    );
    expect(sent()).toHaveLength(1); // sent once, refused by the server, the dialog kept open
    expect(within(dialog).getByLabelText("Round")).toHaveValue(2);
  });

  it("refuses an emptied round when editing an interview, naming the round it keeps", async () => {
    const event = makeEvent("interview", { event_date: "2026-01-15", note: { round: 2 } });
    const job = makeJob({ events: [event] });
    const { dialog, user, sent } = open({ job, eventType: "interview", event });
    const round = within(dialog).getByLabelText("Round");
    await user.clear(round);
    await user.click(within(dialog).getByRole("button", { name: /Save/ }));
    await waitFor(() =>
      expect(round).toHaveAccessibleDescription(
        /An interview keeps its round: enter one \(it is round 2\)\./,
      ),
    );
    expect(sent()).toHaveLength(0);
  });

  it("warns, without blocking, about a date before the step it follows", async () => {
    const job = makeJob({ events: [makeEvent("applied", { event_date: "2026-02-10" })] });
    const { dialog, user, onClose } = open({ job, eventType: "screening" });
    const date = within(dialog).getByLabelText(/^Date/);
    fireEvent.change(date, { target: { value: "2026-02-01" } });
    expect(date).toHaveAccessibleDescription(/before the step it follows \(Applied on/);
    await user.click(within(dialog).getByRole("button", { name: "Record screening" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it("shows a server 422 at the field its loc names and keeps the dialog open", async () => {
    const { dialog, user, server, onClose } = open({ eventType: "interview" });
    server.intercept((r) =>
      r.method === "POST"
        ? json(422, {
            detail: [
              {
                loc: ["body", "interview", "note", "interviewers"],
                msg: "String should have at most 2000 characters",
                type: "string_too_long",
              },
            ],
          })
        : undefined,
    );
    await user.type(within(dialog).getByLabelText("Interviewers"), "Ann");
    await user.click(within(dialog).getByRole("button", { name: "Record interview" }));
    const field = within(dialog).getByLabelText("Interviewers");
    await waitFor(() => expect(field).toHaveAttribute("aria-invalid", "true"));
    expect(field).toHaveAccessibleDescription("At most 2000 characters.");
    expect(onClose).not.toHaveBeenCalled();
    await waitFor(() => expect(field).toHaveFocus());
  });

  it("a 500 is said in the server's words; fields stay usable and Escape still asks", async () => {
    const { dialog, user, server, onClose } = open({ eventType: "reference" });
    server.intercept((r) =>
      r.method === "POST"
        ? json(500, { detail: "Something went wrong on our side and nothing was saved." })
        : undefined,
    );
    await user.type(within(dialog).getByLabelText("Notes"), "two referees");
    await user.click(within(dialog).getByRole("button", { name: "Record references" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Something went wrong on our side and nothing was saved.",
    );
    expect(within(dialog).getByLabelText("Notes")).toBeEnabled();
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard("{Escape}");
    await user.click(screen.getByRole("button", { name: "Discard" }));
    expect(onClose).toHaveBeenCalled();
  });

  it("a 409 (rejected elsewhere) is shown above the fields", async () => {
    const job = makeJob({ events: [makeEvent("applied")] });
    const { dialog, user, server } = open({ job, eventType: "reference" });
    server.setJob({ ...job, stage: "rejected", events: [...job.events, makeEvent("rejected")] });
    await user.click(within(dialog).getByRole("button", { name: "Record references" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("This job is rejected");
  });

  it("edits an event: filled from it, sends the changes as a patch, then closes", async () => {
    const event = makeEvent("interview", {
      location: "Office",
      note: { type: "onsite", round: 2 },
    });
    const job = makeJob({ events: [event] });
    const { dialog, user, sent, onClose } = open({ job, eventType: "interview", event });
    expect(screen.getByRole("heading", { name: "Edit interview round 2" })).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Format")).toHaveValue("onsite");
    const location = within(dialog).getByLabelText("Location");
    await user.clear(location);
    await user.type(location, "Zoom");
    await user.click(within(dialog).getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent()[0]).toEqual({
      event_date: "2026-02-03",
      event_time: null,
      location: "Zoom",
      note: { type: "onsite", round: 2 },
    });
  });
});
