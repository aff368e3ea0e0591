import { describe, expect, it } from "vitest";
import { redactUri, shortLocation, shortLocationsIn } from "../../src/notebook/short-location";

const base = { cwd: "/home/ada/project", home: "/home/ada" };

describe("shortLocation", () => {
  it("shows paths and file URIs under the working directory as ./relative", () => {
    expect(shortLocation("file:///home/ada/project/warehouse/default/training/metadata/v1.json", base)).toBe(
      "./warehouse/default/training/metadata/v1.json",
    );
    expect(shortLocation("/home/ada/project/mlruns", base)).toBe("./mlruns");
  });

  it("shows paths under home as ~/, and elsewhere as file://…/ plus the last segments", () => {
    expect(shortLocation("/home/ada/.lakelab.yaml", base)).toBe("~/.lakelab.yaml");
    expect(shortLocation("file:///srv/lake/warehouse/default/training", base)).toBe(
      "file://…/warehouse/default/training",
    );
  });

  it("hides credentials in remote URIs", () => {
    expect(shortLocation("https://ada:s3cret@mlflow.example.com/api", base)).toBe(
      "https://***@mlflow.example.com/api",
    );
    expect(redactUri("http://mlflow:5000")).toBe("http://mlflow:5000");
  });

  it("shortens every absolute location inside free text", () => {
    const text = "manifest file:///home/ada/project/warehouse/a.avro and /srv/x/y/z/data.parquet done";
    expect(shortLocationsIn(text, base)).toBe(
      "manifest ./warehouse/a.avro and file://…/y/z/data.parquet done",
    );
  });
});
