import { describe, expect, it } from "vitest";
import { companyFromUrl, companyName } from "./companyFromUrl";

describe("companyFromUrl", () => {
  it.each([
    // job boards: the first path segment
    ["https://jobs.lever.co/acme/1234-abcd", "Acme"],
    ["https://boards.greenhouse.io/acme/jobs/55", "Acme"],
    ["https://job-boards.greenhouse.io/acme-corp/jobs/55", "Acme Corp"],
    ["https://jobs.ashbyhq.com/globex/abc", "Globex"],
    ["https://apply.workable.com/initech/j/ABC/", "Initech"],
    ["jobs.lever.co/acme", "Acme"],
    // boards that give each company its own host
    ["https://acme.recruitee.com/o/backend", "Acme"],
    ["https://acme.wd5.myworkdayjobs.com/en-US/careers/job/1", "Acme"],
    ["https://globex.bamboohr.com/careers/12", "Globex"],
    // the company's own site
    ["https://careers.acme.com/jobs/1", "Acme"],
    ["https://acme.com/jobs/123", "Acme"],
    ["https://www.acme.com/careers", "Acme"],
    ["https://jobs.acme.co.uk/123", "Acme"],
    ["https://acme.com.au/", "Acme"],
    ["https://acme.io", "Acme"],
    ["acme.com/jobs/123", "Acme"],
    ["HTTPS://Careers.ACME.com", "Acme"],
  ])("%s → %s", (url, company) => {
    expect(companyFromUrl(url)).toBe(company);
  });

  it.each([
    ["https://www.linkedin.com/jobs/view/123"],
    ["https://uk.indeed.com/viewjob?jk=1"],
    ["https://jobs.lever.co/"],
    ["http://localhost:8000/jobs/1"],
    ["http://192.168.1.2/jobs"],
    ["ftp://acme.com/jobs"],
    ["not a url"],
    [""],
  ])("%s names no company", (url) => {
    expect(companyFromUrl(url)).toBeNull();
  });

  it("turns a slug into words", () => {
    expect(companyName("acme-corp_labs")).toBe("Acme Corp Labs");
  });
});
