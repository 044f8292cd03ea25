import { describe, expect, it } from "vitest";
import { makeEvent } from "../../../test/factories";
import { validate } from "../../../lib/fieldSpecs";
import {
  describe as details,
  eventFormFields,
  formTitle,
  initialValues,
  toEventBody,
} from "./formModel";

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
      note: { type: "online" },
    });
    const interview = {
      ...initialValues("interview", null, "2026-03-01"),
      round: "2",
      event_time: "09:30",
    };
    expect(toEventBody("interview", interview, "create")).toEqual({
      event_type: "interview",
      event_date: "2026-03-01",
      event_time: "09:30",
      note: { type: "video", round: 2 },
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
      note: { type: "video", with_person: "Sam" },
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

  it("puts the stage's own fields first, then the date with its own label", () => {
    expect(eventFormFields("applied").map((f) => f.label)).toEqual([
      "How you applied",
      "Referrer",
      "What the referrer said",
      "Notes",
      "Date applied",
    ]);
    expect(eventFormFields("interview").map((f) => f.name)).toEqual([
      "type",
      "round",
      "interviewers",
      "note",
      "event_date",
      "event_time",
      "location",
    ]);
  });

  it("shows time and location where EVENT_FORMS offers them, or where an event holds them", () => {
    const names = (fields: readonly { name: string }[]) => fields.map((f) => f.name);
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
