import { describe, expect, it } from "vitest";
import { makeEvent } from "../../../test/factories";
import { validate } from "../../../lib/fieldSpecs";
import { eventFormFields, initialValues, summarise, toEventBody } from "./formModel";

describe("forms from the generated field specs", () => {
  it("starts a new event today with each field's default", () => {
    const values = initialValues("applied", null, "2026-03-01");
    expect(values).toMatchObject({
      event_date: "2026-03-01",
      event_time: "",
      location: "",
      type: "online",
      referrer_name: "",
    });
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
    expect(toEventBody("screening", values, "edit")).toEqual({
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
      event_date: "Event date is required.",
      round: "Round must be at least 1.",
      location: "Location can be at most 200 characters (now 201).",
    });
  });

  it("summarises a note with option labels, short fields first", () => {
    const event = makeEvent("applied", {
      note: { note: "long story", type: "referral", referrer_name: "Dana" },
    });
    expect(summarise(event).map((s) => `${s.label}: ${s.value}`)).toEqual([
      "How you applied: Referral",
      "Referrer: Dana",
      "Notes: long story",
    ]);
  });
});
