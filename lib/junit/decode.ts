import iconv from "iconv-lite";
import { JUnitParseError } from "./errors";

// Sniffing follows XML 1.0 Appendix F: a BOM wins, then the byte pattern of "<?", then the
// declaration's encoding= (only trusted when the bytes are ASCII-compatible).
const SNIFF_LIMIT = 1024;

interface StreamingDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

function createTextDecoder(label: string): StreamingDecoder | null {
  let decoder: TextDecoder;
  try {
    // Not fatal: a stray invalid byte in captured output becomes U+FFFD instead of losing the report.
    decoder = new TextDecoder(label, { fatal: false, ignoreBOM: false });
  } catch {
    return null;
  }
  return {
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
  };
}

function createIconvDecoder(label: string): StreamingDecoder | null {
  if (!iconv.encodingExists(label)) return null;
  const decoder = iconv.getDecoder(label, { stripBOM: true });
  return {
    write: (bytes) => decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    end: () => decoder.end() ?? "",
  };
}

function readDeclaredEncoding(head: Uint8Array): string | null {
  // The declaration is ASCII by definition; latin1 maps bytes 1:1 so positions stay honest.
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("latin1");
  if (!text.startsWith("<?xml")) return null;
  const end = text.indexOf("?>");
  const declaration = end === -1 ? text : text.slice(0, end);
  const match = /encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(declaration);
  return match?.[1] ?? null;
}

/** Picks the encoding from the first bytes. Returns null when more bytes are needed to decide. */
export function sniffEncoding(head: Uint8Array, isFinal: boolean): string | null {
  const [b0, b1, b2, b3] = head;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return "utf-8";
  if (b0 === 0xfe && b1 === 0xff) return "utf-16be";
  if (b0 === 0xff && b1 === 0xfe) return "utf-16le";
  if (head.length < 4 && !isFinal) return null;
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00) return "utf-16le";
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f) return "utf-16be";
  if (b0 === 0x3c && b1 === 0x3f) {
    const hasDeclarationEnd = head.indexOf(0x3e) !== -1;
    if (!hasDeclarationEnd && head.length < SNIFF_LIMIT && !isFinal) return null;
    const declared = readDeclaredEncoding(head)?.toLowerCase() ?? null;
    // A declaration saying UTF-16/32 in ASCII-compatible bytes is wrong about itself: ignore it.
    if (declared === null || /^(utf-?16|utf-?32|ucs-?2|ucs-?4)/.test(declared)) return "utf-8";
    return declared;
  }
  return "utf-8";
}

/**
 * Streaming bytes → text. Buffers at most the first SNIFF_LIMIT bytes to decide the encoding,
 * then decodes chunk by chunk (multi-byte sequences split across chunks are carried over).
 */
export class ReportDecoder {
  encoding = "utf-8";
  private decoder: StreamingDecoder | null = null;
  private head: Uint8Array[] = [];
  private headLength = 0;
  private readonly fileName: string | null;

  constructor(fileName: string | null = null) {
    this.fileName = fileName;
  }

  write(bytes: Uint8Array): string {
    if (this.decoder !== null) return this.decoder.write(bytes);
    this.head.push(bytes);
    this.headLength += bytes.byteLength;
    return this.tryStart(false);
  }

  end(): string {
    if (this.decoder === null) {
      const text = this.tryStart(true);
      return text + (this.decoder === null ? "" : (this.decoder as StreamingDecoder).end());
    }
    return this.decoder.end();
  }

  private tryStart(isFinal: boolean): string {
    const head = this.head.length === 1 && this.head[0] ? this.head[0] : Buffer.concat(this.head);
    const encoding = sniffEncoding(head.subarray(0, SNIFF_LIMIT), isFinal);
    if (encoding === null) return "";
    const decoder = createTextDecoder(encoding) ?? createIconvDecoder(encoding);
    if (decoder === null) {
      throw new JUnitParseError("UNSUPPORTED_ENCODING", `Unsupported encoding "${encoding}"`, {
        line: 1,
        column: 1,
        fileName: this.fileName,
      });
    }
    this.encoding = encoding;
    this.decoder = decoder;
    this.head = [];
    this.headLength = 0;
    return decoder.write(head);
  }
}
