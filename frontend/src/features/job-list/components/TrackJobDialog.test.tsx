import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { JOB_FIELDS } from "../../../generated/trackingSchema.js";
import { createFakeServer, json } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import { asPageHtml } from "./PastePosting";
import { TrackJobDialog } from "./TrackJobDialog";

const company = () => screen.getByRole("textbox", { name: /^Company/ });
const url = () => screen.getByLabelText("Posting URL");

function setup(path = "/") {
  const onClose = vi.fn();
  const server = createFakeServer();
  return { onClose, ...renderWithApp(<TrackJobDialog onClose={onClose} />, { server, path }) };
}

describe("TrackJobDialog", () => {
  it("starts on the posting URL, then company, title, priority and tags", () => {
    setup();
    expect(url()).toHaveFocus();
    const names = [...document.querySelectorAll("form input[name]")].map((i) =>
      i.getAttribute("name"),
    );
    expect(names).toEqual(["job_url", "company", "title"]);
    expect(screen.getByLabelText("Priority")).toHaveValue("0");
    expect(screen.getByRole("combobox", { name: "Tags" })).toBeInTheDocument();
  });

  it("sends the chosen priority and tags (Enter or a comma adds one, a button removes it)", async () => {
    const { user, server } = setup();
    await user.type(company(), "Globex");
    await user.type(screen.getByLabelText(/^Job title/), "SRE");
    await user.selectOptions(screen.getByLabelText("Priority"), "High");
    const tags = screen.getByRole("combobox", { name: "Tags" });
    await user.type(tags, "remote{Enter}fintech,dream job{Enter}");
    await user.type(tags, "REMOTE{Enter}");
    expect(screen.getByText("“REMOTE” is already a tag of this job.")).toBeInTheDocument();
    await user.clear(tags);
    await user.click(screen.getByRole("button", { name: "Remove tag fintech" }));
    await user.click(screen.getByRole("button", { name: "Track job" }));
    await waitFor(() => expect(server.requestsTo("POST", /^\/api\/tracked$/)).toHaveLength(1));
    expect(server.requestsTo("POST", /^\/api\/tracked$/)[0]?.body).toMatchObject({
      company: "Globex",
      priority: 3,
      tags: ["remote", "dream job"],
    });
  });

  it("fills the company from a pasted URL", async () => {
    const { user } = setup();
    await user.paste("https://jobs.lever.co/acme/1234");
    expect(url()).toHaveValue("https://jobs.lever.co/acme/1234");
    expect(company()).toHaveValue("Acme");
    expect(screen.getByText(/Filled in from the posting’s address/)).toBeInTheDocument();
  });

  it("adds https:// to a URL typed without it, says so, and sends the full address", async () => {
    const { user, server } = setup();
    await user.type(url(), "careers.globex.com/jobs/42");
    await user.tab();
    expect(url()).toHaveValue("https://careers.globex.com/jobs/42");
    expect(screen.getByText(/https:\/\/ added to the address/)).toHaveAttribute("role", "status");
    expect(company()).toHaveValue("Globex");
    await user.type(screen.getByLabelText(/^Job title/), "Engineer");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    await waitFor(() =>
      expect(server.requestsTo("POST", /./)[0]?.body).toMatchObject({
        job_url: "https://careers.globex.com/jobs/42",
      }),
    );
  });

  it("fills the company when a typed URL loses focus; another URL replaces it until you type", async () => {
    const { user } = setup();
    await user.type(url(), "https://careers.globex.com/jobs/1");
    expect(company()).toHaveValue("");
    await user.tab();
    expect(company()).toHaveValue("Globex");
    await user.clear(url());
    await user.type(url(), "https://boards.greenhouse.io/initech/jobs/2");
    fireEvent.blur(url());
    expect(company()).toHaveValue("Initech");
    await user.clear(company());
    await user.type(company(), "Initrode");
    await user.clear(url());
    await user.type(url(), "https://acme.com/jobs/3");
    fireEvent.blur(url());
    expect(company()).toHaveValue("Initrode");
  });

  it("tracks a job (trimmed, with an Idempotency-Key) and opens it, keeping the filters", async () => {
    const { user, address, server } = setup("/?q=glo");
    await user.type(company(), " Globex ");
    await user.type(screen.getByLabelText(/^Job title/), "SRE");
    await user.type(url(), "https://globex.example/sre");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    await waitFor(() => expect(address()).toMatch(/^\/jobs\/\d+\?q=glo$/));
    const [sent] = server.requestsTo("POST", /^\/api\/tracked$/);
    expect(sent?.body).toEqual({
      priority: 0,
      tags: [],
      company: "Globex",
      title: "SRE",
      job_url: "https://globex.example/sre",
    });
    expect(sent?.headers["Idempotency-Key"]).toMatch(/^[0-9a-f-]{32,36}$/);
  });

  it("builds its fields from JOB_FIELDS: labels, required, limits and a URL input", async () => {
    const { user, server } = setup();
    expect(JOB_FIELDS.map((f) => f.name)).toEqual(["company", "title", "job_url"]);
    for (const field of JOB_FIELDS) {
      const input = screen.getByLabelText(new RegExp(`^${field.label}`));
      expect(input).toHaveAttribute("name", field.name);
      expect(input).toHaveAttribute("maxLength", String(field.maxLength));
      expect(input).toHaveAttribute("type", field.type);
      if (field.required) expect(input).toBeRequired();
      else expect(input).not.toBeRequired();
    }
    await user.type(company(), "A");
    await user.type(screen.getByLabelText(/^Job title/), "B");
    await user.type(url(), "globex example");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    expect(server.requestsTo("POST", /./)).toHaveLength(0);
    expect(url()).toHaveAccessibleDescription(
      "Use a full web address starting with http:// or https://.",
    );
  });

  it("checks before sending and shows a server 422 at the field, in plain words", async () => {
    const { user, server } = setup();
    server.intercept((r) =>
      r.method === "POST"
        ? json(422, {
            detail: [
              {
                loc: ["body", "job_url"],
                msg: "URL scheme should be 'http' or 'https'",
                type: "url_scheme",
              },
            ],
          })
        : undefined,
    );
    await user.click(screen.getByRole("button", { name: "Track job" }));
    expect(company()).toHaveAccessibleDescription("Company is required.");
    expect(company()).toHaveFocus();
    await user.type(company(), "A");
    await user.type(screen.getByLabelText(/^Job title/), "B");
    await user.type(url(), "https://x");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    await waitFor(() =>
      expect(url()).toHaveAccessibleDescription(
        "Use a full web address starting with http:// or https://.",
      ),
    );
  });

  it("Cancel closes at once; Escape with typed input asks first", async () => {
    const { user, onClose } = setup();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onClose).toHaveBeenCalledTimes(1);
    await user.type(url(), "https://acme.com");
    await user.keyboard("{Escape}");
    expect(await screen.findByRole("alertdialog", { name: "Discard your changes?" })).toBeVisible();
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

describe("Paste a posting", () => {
  const captured = {
    posting: {
      company: "Example Co",
      title: "Data Engineer",
      job_url: "https://jobs.example.test/1",
      location: "Berlin, Germany",
      remote: null,
      employment_type: "FULL_TIME",
      salary: { min: 60000, max: 80000, currency: "EUR", unit: "YEAR" },
      date_posted: "2026-03-01",
      valid_through: "2026-04-01",
      description_html: "<p>Build pipelines.</p><script>alert(1)</script>",
      description_text: "Build pipelines.",
      source: "json-ld",
    },
    duplicates: [
      {
        id: 42,
        company: "Example Co",
        title: "Data Engineer",
        stage: "applied",
        reason: "same_url",
      },
    ],
  };

  it("fills the form from the pasted page, warns of the duplicate and saves the posting", async () => {
    const server = createFakeServer();
    server.intercept((r) =>
      r.path === "/api/capture" && r.method === "POST" ? json(200, captured) : undefined,
    );
    const { user } = renderWithApp(<TrackJobDialog onClose={() => {}} />, { server });
    await user.type(url(), "https://jobs.example.test/1?utm_source=x");
    await user.click(screen.getByText("Paste a posting"));
    await user.click(screen.getByLabelText(/HTML\) or its text/));
    await user.paste("<html><body><h1>Data Engineer</h1></body></html>");
    await user.click(screen.getByRole("button", { name: "Read the posting" }));
    expect(await screen.findByText(/You already track this job/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /open it/ })).toHaveAttribute("href", "/jobs/42");
    expect(company()).toHaveValue("Example Co");
    expect(screen.getByRole("textbox", { name: /^Job title/ })).toHaveValue("Data Engineer");
    expect(screen.getByText("Build pipelines.")).toBeInTheDocument();
    expect(document.querySelector("script")).toBeNull();
    expect(screen.getByText("€60,000–€80,000 per year")).toBeInTheDocument();
    const sent = server.requests.find((r) => r.path === "/api/capture")!.body as { url: string };
    expect(sent.url).toBe("https://jobs.example.test/1?utm_source=x");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    await waitFor(() =>
      expect(server.requests.some((r) => r.path === "/api/tracked" && r.method === "POST")).toBe(
        true,
      ),
    );
    const body = server.requests.find((r) => r.path === "/api/tracked" && r.method === "POST")!
      .body as { posting: { employment_type: string }; notes: { location: string } };
    expect(body.posting.employment_type).toBe("FULL_TIME");
    expect(body.notes.location).toBe("Berlin, Germany");
  });

  it("sends plain text as the page's description", () => {
    expect(asPageHtml('Build "things" & more')).toBe(
      '<html><head><meta name="description" content="Build &quot;things&quot; &amp; more"></head><body></body></html>',
    );
    expect(asPageHtml("<p>x</p>")).toBe("<p>x</p>");
  });
});
