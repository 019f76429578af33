import { describe, expect, it } from "vitest";
import { currentTime } from "./current-time";

const NOW = new Date("2025-07-01T12:34:56.789Z");
const WINTER = new Date("2025-01-15T23:30:00Z");

describe("currentTime", () => {
  it("defaults to UTC", () => {
    expect(currentTime({}, NOW)).toEqual({
      iso: "2025-07-01T12:34:56Z",
      utc: "2025-07-01T12:34:56.789Z",
      timezone: "UTC",
      offset: "+00:00",
      weekday: "Tuesday",
    });
  });

  it("formats local time with the zone's offset, DST included", () => {
    expect(currentTime({ timezone: "Europe/Lisbon" }, NOW)).toMatchObject({
      iso: "2025-07-01T13:34:56+01:00",
      offset: "+01:00",
    });
    expect(currentTime({ timezone: "Europe/Lisbon" }, WINTER)).toMatchObject({ iso: "2025-01-15T23:30:00Z" });
    expect(currentTime({ timezone: "America/Sao_Paulo" }, NOW)).toMatchObject({
      iso: "2025-07-01T09:34:56-03:00",
    });
    expect(currentTime({ timezone: "Asia/Kolkata" }, NOW)).toMatchObject({
      iso: "2025-07-01T18:04:56+05:30",
    });
    // Crosses midnight into the next day and weekday.
    expect(currentTime({ timezone: "Asia/Tokyo" }, WINTER)).toMatchObject({
      iso: "2025-01-16T08:30:00+09:00",
      weekday: "Thursday",
    });
  });

  it("canonicalises the zone name", () => {
    expect(currentTime({ timezone: "europe/paris" }, NOW)).toMatchObject({ timezone: "Europe/Paris" });
  });

  it("answers an invalid zone with an error result instead of throwing", () => {
    expect(currentTime({ timezone: "Mars/Olympus_Mons" }, NOW)).toEqual({
      error: 'Unknown time zone "Mars/Olympus_Mons". Use an IANA name such as "Europe/Paris".',
    });
  });
});
