import { describe, expect, it } from "vitest";
import {
  EVENT_FORMS,
  STAGE_FIELDS,
  type EventTypeValue,
  type FieldValue,
} from "../../../generated/trackingSchema.js";
import { makeEvent } from "../../../test/factories";
import { validate } from "../../../lib/fieldSpecs";
import {
  describe as details,
  eventFormFields,
  formTitle,
  initialValues,
  toEventBody,
} from "./formModel";

const EVENT_TYPES = Object.keys(STAGE_FIELDS) as EventTypeValue[];
const names = (fields: readonly { name: string }[]) => fields.map((f) => f.name);

/** What a note holds before anyone types: each stage field's non-empty default. Taken from the
 * generated specs, so a field added to a note model needs no edit here. */
const defaultNote = (eventType: EventTypeValue) => {
  const note: Record<string, FieldValue> = {};
  for (const field of STAGE_FIELDS[eventType]) {
    if (field.default != null && field.default !== "") note[field.name] = field.default;
  }
  return note;
};

describe("forms from the generated field specs", () => {
  it("starts a new event today with each field's default", () => {
    const values = initialValues("applied", null, "2026-03-01");
    expect(values).toMatchObject({
      event_date: "2026-03-01",
      type: "online",
      referrer_name: "",
    });
    // Applied offers no time or place.
    expect(values).not.toHaveProperty("location");
  });

  it("drops hidden (showIf) and empty fields and types integers", () => {
    const values = { ...initialValues("applied", null, "2026-03-01"), referrer_name: "Dana" };
    expect(toEventBody("applied", values, "create")).toEqual({
      event_type: "applied",
      event_date: "2026-03-01",
      note: defaultNote("applied"), // referrer_name is hidden while type is "online"
    });
    expect(defaultNote("applied")).toMatchObject({ type: "online" });
    const interview = {
      ...initialValues("interview", null, "2026-03-01"),
      round: "2",
      event_time: "09:30",
    };
    expect(toEventBody("interview", interview, "create")).toEqual({
      event_type: "interview",
      event_date: "2026-03-01",
      event_time: "09:30",
      note: { ...defaultNote("interview"), round: 2 }, // typed: the number 2
    });
  });

  it("an edit clears emptied event fields with null and sends the note whole", () => {
    const event = makeEvent("screening", {
      location: "Zoom",
      note: { type: "video", with_person: "Sam" },
    });
    const values = { ...initialValues("screening", event), location: "" };
    expect(toEventBody("screening", values, "edit", event)).toEqual({
      event_date: "2026-02-03",
      event_time: null,
      location: null,
      note: { ...defaultNote("screening"), type: "video", with_person: "Sam" },
    });
  });

  it("checks required, length and range limits before sending", () => {
    const fields = eventFormFields("interview");
    const values = {
      ...initialValues("interview", null),
      event_date: "",
      round: "0",
      location: "x".repeat(201),
    };
    expect(validate(fields, values)).toEqual({
      event_date: "Date is required.",
      round: "Round must be at least 1.",
      location: "Location can be at most 200 characters (now 201).",
    });
  });

  it("puts the stage's own fields first, the notes last of them, then the date with its own label", () => {
    for (const eventType of EVENT_TYPES) {
      const own = STAGE_FIELDS[eventType];
      const form = EVENT_FORMS[eventType];
      const fields = eventFormFields(eventType);
      expect(names(own).at(-1)).toBe("note");
      expect(names(fields)).toEqual([
        ...names(own),
        "event_date",
        ...(form.event_time ? ["event_time"] : []),
        ...(form.location ? ["location"] : []),
      ]);
      expect(fields[own.length]?.label).toBe(form.date_label);
    }
    expect(eventFormFields("applied")[0]?.label).toBe("How you applied");
    expect(eventFormFields("applied").at(-1)?.label).toBe("Date applied");
  });

  it("shows time and location where EVENT_FORMS offers them, or where an event holds them", () => {
    expect(names(eventFormFields("offer"))).not.toContain("location");
    expect(names(eventFormFields("screening"))).toContain("event_time");
    const stored = makeEvent("offer", { location: "Head office" });
    expect(names(eventFormFields("offer", stored))).toEqual(expect.arrayContaining(["location"]));
    expect(names(eventFormFields("offer", stored))).not.toContain("event_time");
  });

  it("titles the form in plain words", () => {
    expect(formTitle("accepted")).toBe("Accept the offer");
    expect(formTitle("interview", makeEvent("interview", { note: { round: 2 } }))).toBe(
      "Edit interview round 2",
    );
    expect(formTitle("applied", makeEvent("applied"))).toBe("Edit application");
  });

  it("says a note in words: option labels, phrases, long text apart", () => {
    const applied = makeEvent("applied", {
      note: { note: "long story", type: "referral", referrer_name: "Dana" },
    });
    expect(details(applied)).toEqual({
      facts: ["Referral from Dana"],
      texts: [{ name: "note", label: "Notes", value: "long story" }],
    });
    const interview = makeEvent("interview", {
      note: { type: "video", round: 2, interviewers: "Sam" },
    });
    expect(details(interview).facts).toEqual(["Video", "Round 2", "with Sam"]);
    expect(details(interview, ["round"]).facts).toEqual(["Video", "with Sam"]);
    const rejected = makeEvent("rejected", {
      note: { reason_category: "position_filled", reason: "Went with another candidate" },
    });
    expect(details(rejected).facts).toEqual(["Position filled", "Went with another candidate"]);
  });
});

describe("editing an inferred step", () => {
  it("leaves its unchanged date out, so it stays not known; a date the person sets is sent", () => {
    const event = makeEvent("offer", { event_date: "2026-01-05", inferred: true });
    const values = initialValues("offer", event);
    expect(toEventBody("offer", values, "edit", event)).not.toHaveProperty("event_date");
    const dated = toEventBody("offer", { ...values, event_date: "2026-01-20" }, "edit", event);
    expect(dated).toHaveProperty("event_date", "2026-01-20");
    const plain = makeEvent("offer", { event_date: "2026-01-05" });
    expect(toEventBody("offer", initialValues("offer", plain), "edit", plain)).toHaveProperty(
      "event_date",
      "2026-01-05",
    );
  });
});
