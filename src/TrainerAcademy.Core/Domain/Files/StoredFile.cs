using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace TrainerAcademy.Domain.Files;

/// <summary>The kinds of file people may upload; each is recognised by its bytes, not only by its name.</summary>
public enum FileKind
{
    Pdf,
    Docx,
    Xlsx,
    Txt,
    Md,
    Png,
    Jpeg,
    Zip,
}

/// <summary>What an upload may be: at most <see cref="MaxBytes"/> bytes, of one of the <see cref="Allowed"/> kinds.</summary>
public sealed record FileLimits(long MaxBytes, IReadOnlySet<FileKind> Allowed);

public static class FileKinds
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] ZipMagic = "PK\u0003\u0004"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The kind a file name claims by its extension, or null for any other.</summary>
    public static FileKind? FromName(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".pdf" => FileKind.Pdf,
        ".docx" => FileKind.Docx,
        ".xlsx" => FileKind.Xlsx,
        ".txt" => FileKind.Txt,
        ".md" => FileKind.Md,
        ".png" => FileKind.Png,
        ".jpg" or ".jpeg" => FileKind.Jpeg,
        ".zip" => FileKind.Zip,
        _ => null,
    };

    /// <summary>Parses a configured kind ("pdf", "jpeg", …), or null.</summary>
    public static FileKind? Parse(string name) => Enum.TryParse<FileKind>(name.Trim(), ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : null;

    public static string ContentType(FileKind kind) => kind switch
    {
        FileKind.Pdf => "application/pdf",
        FileKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        FileKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        FileKind.Txt => "text/plain; charset=utf-8",
        FileKind.Md => "text/markdown; charset=utf-8",
        FileKind.Png => "image/png",
        FileKind.Jpeg => "image/jpeg",
        _ => "application/zip",
    };

    /// <summary>
    /// Whether the bytes are a file of the kind: the signature of PDF, PNG and JPEG; a readable ZIP archive whose parts
    /// make a Word or Excel document for DOCX and XLSX; strict UTF-8 without NUL bytes for text and Markdown.
    /// </summary>
    public static bool Matches(FileKind kind, byte[] bytes) => kind switch
    {
        FileKind.Pdf => bytes.AsSpan().StartsWith(PdfMagic),
        FileKind.Png => bytes.AsSpan().StartsWith(PngMagic),
        FileKind.Jpeg => bytes.AsSpan().StartsWith(JpegMagic),
        FileKind.Zip => Archive(bytes, _ => true),
        FileKind.Docx => Archive(bytes, names => names.Contains("[Content_Types].xml") && names.Contains("word/document.xml")),
        FileKind.Xlsx => Archive(bytes, names => names.Contains("[Content_Types].xml") && names.Contains("xl/workbook.xml")),
        _ => Text(bytes),
    };

    private static bool Archive(byte[] bytes, Func<IReadOnlySet<string>, bool> parts)
    {
        if (!bytes.AsSpan().StartsWith(ZipMagic)) return false;
        try
        {
            // Only the central directory is read: nothing is decompressed.
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            return parts(zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static bool Text(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOf((byte)0) >= 0) return false;
        try
        {
            StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}

/// <summary>
/// A file someone uploaded (for now: a candidate's file for an examiner-scored task), kept in the database so every
/// instance behind the load balancer reads it and backups include it. Its kind is checked against its bytes, its
/// content type is the platform's own for that kind, and its SHA-256 is recorded so a script can be shown unchanged.
/// </summary>
public class StoredFile
{
    public const int MaxName = 200;

    private StoredFile() { }

    private StoredFile(string ownerId, string name, FileKind kind, byte[] content, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        OwnerId = ownerId;
        Name = name;
        ContentType = FileKinds.ContentType(kind);
        Length = content.LongLength;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        Content = content;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public string OwnerId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Length { get; private set; }
    public string Sha256 { get; private set; } = "";
    public byte[] Content { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Takes an upload within the limits, or refuses it with a <c>file.*</c> rule on the field "file".</summary>
    public static StoredFile Accept(string ownerId, string? name, byte[] content, FileLimits limits, DateTimeOffset now)
    {
        var clean = CleanName(name);
        var kind = FileKinds.FromName(clean);
        if (kind is null || !limits.Allowed.Contains(kind.Value))
            throw new RuleViolation("file.type", $"Upload one of these kinds of file: {string.Join(", ", limits.Allowed.Order().Select(k => k.ToString().ToUpperInvariant()))}.", "file");
        if (content.Length == 0)
            throw new RuleViolation("file.empty", "The file is empty.", "file");
        if (content.LongLength > limits.MaxBytes)
            throw TooLarge(limits.MaxBytes);
        if (!FileKinds.Matches(kind.Value, content))
            throw new RuleViolation("file.content", $"The file's content is not a {kind.Value.ToString().ToUpperInvariant()} file, whatever its name says.", "file");
        return new StoredFile(ownerId, clean, kind.Value, content, now);
    }

    public static RuleViolation TooLarge(long maxBytes)
    {
        var refused = new RuleViolation("file.too-large", $"A file is at most {maxBytes / 1024d / 1024d:0.#} MB.", "file");
        refused.Data["maxBytes"] = maxBytes;
        return refused;
    }

    /// <summary>The last part of the name a browser sent, without control characters, shortened to keep its extension.</summary>
    public static string CleanName(string? name)
    {
        var last = (name ?? "").Split('/', '\\').Last();
        var clean = new string([.. last.Where(c => !char.IsControl(c))]).Trim();
        if (clean.Length <= MaxName) return clean;
        var extension = Path.GetExtension(clean);
        return extension.Length >= MaxName ? clean[..MaxName] : clean[..(MaxName - extension.Length)] + extension;
    }
}
