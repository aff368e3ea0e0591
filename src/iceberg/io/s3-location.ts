import { LakelabError } from "../../errors";

/** An object location split into its parts: `s3a://bucket/a/b` → scheme s3a, bucket, key `a/b`. */
export interface S3Location {
  readonly scheme: "s3" | "s3a" | "s3n";
  readonly bucket: string;
  readonly key: string;
}

const S3_URI = /^(s3|s3a|s3n):\/\/([^/]+)(?:\/(.*))?$/i;

/** True for the schemes S3FileIO serves: `s3://`, `s3a://` and `s3n://` (Hadoop's spellings). */
export function isS3Location(location: string): boolean {
  return S3_URI.test(location);
}

export function parseS3Location(location: string): S3Location {
  const m = S3_URI.exec(location);
  if (!m) {
    throw new LakelabError("INVALID_ARGUMENT", `not an S3 location: ${location} (expected s3://bucket/key)`, {
      context: { location },
    });
  }
  return { scheme: m[1]!.toLowerCase() as S3Location["scheme"], bucket: m[2]!, key: m[3] ?? "" };
}

/** The location of `key` in the bucket of `base`, spelled with `base`'s scheme. */
export function s3LocationOf(base: S3Location, key: string): string {
  return `${base.scheme}://${base.bucket}/${key}`;
}
