using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace TrainerAcademy.Infrastructure.Pdf;

/// <summary>The font a document is set in: the family name to give <c>XFont</c>, and where it came from.</summary>
public sealed record CjkFontFamily(string Name, string RegularSource, string? BoldSource)
{
    /// <summary>Bold is simulated (fill and stroke) when the font has no bold face, as wqy-microhei has none.</summary>
    public bool HasBoldFace => BoldSource is not null;

    /// <summary>
    /// The same font cut down to the characters of everyday text (<see cref="CommonFace"/>), whose documents embed a
    /// third of the font program; null when the font could not be cut.
    /// </summary>
    public CjkFontFamily? Common { get; init; }

    /// <summary>For a cut family, its faces; null for a whole font, which sets everything it has.</summary>
    internal (CommonFace Regular, CommonFace? Bold)? CutFaces { get; init; }

    /// <summary>Whether this family's faces have every character of <paramref name="text"/> that the whole font has.</summary>
    internal bool Covers(string text) =>
        CutFaces is not { } faces || (faces.Regular.Covers(text) && (faces.Bold is null || faces.Bold.Covers(text)));
}

/// <summary>
/// PDFsharp's font resolver for Chinese text on Linux. PDFsharp has no fontconfig and cannot open the .ttc collections
/// Debian ships its CJK fonts in, so one face is cut out of the collection into a standalone TrueType font in memory.
/// Only glyf-outline (TrueType) fonts are accepted: PDFsharp does not subset CFF-outline OpenType (Noto Sans CJK) but
/// embeds all of it, about 13 MB a document, under a font type poppler reports as not matching the embedded program.
/// </summary>
public sealed class CjkFontResolver : IFontResolver
{
    public const string InstallHint =
        "Install a Chinese TrueType font (apt-get install fonts-wqy-microhei) or set Pdf:FontPath to a .ttf or .ttc file with glyf outlines.";

    /// <summary>
    /// Where Debian's font packages put their CJK fonts, best first. Noto Sans CJK (CFF) is never used; it is listed so
    /// that the error says why when it is the only one installed.
    /// </summary>
    internal static readonly (string Regular, string? Bold)[] DebianFonts =
    [
        ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", null),
        ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", null),
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    ];

    private static readonly Lazy<CjkFontResolver> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ConcurrentDictionary<(string Regular, string? Bold), Lazy<CjkFontFamily>> _families = new();
    private readonly ConcurrentDictionary<string, CjkFontFamily> _familiesByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);
    private volatile CjkFontFamily? _default;
    private int _familyCount;

    private CjkFontResolver() { }

    /// <summary>
    /// The one resolver of this process. PDFsharp's resolver is global and cannot change once a font has been used,
    /// so every renderer shares this instance; it is installed on first use.
    /// </summary>
    public static CjkFontResolver Shared
    {
        get
        {
            var resolver = Installed.Value;
            if (!ReferenceEquals(GlobalFontSettings.FontResolver, resolver))
                throw new InvalidOperationException(
                    $"Another PDFsharp font resolver ({GlobalFontSettings.FontResolver?.GetType().FullName}) is installed in this process; Chinese text needs {nameof(CjkFontResolver)}.");
            return resolver;
        }
    }

    private static CjkFontResolver Install()
    {
        var resolver = new CjkFontResolver();
        GlobalFontSettings.FontResolver = resolver;
        return resolver;
    }

    /// <summary>
    /// Finds and loads the font: <paramref name="fontPath"/> (the <c>Pdf:FontPath</c> setting) when given, otherwise the
    /// first of Debian's CJK fonts that is installed and usable. Loading is done once per font and cached.
    /// </summary>
    /// <exception cref="InvalidOperationException">No usable font was found; the message says what to install or set.</exception>
    public CjkFontFamily Use(string? fontPath = null, string? boldFontPath = null)
    {
        if (!string.IsNullOrWhiteSpace(fontPath))
        {
            try
            {
                return Load(fontPath, string.IsNullOrWhiteSpace(boldFontPath) ? null : boldFontPath);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidOperationException($"The font set in Pdf:FontPath cannot be used: {e.Message}. {InstallHint}", e);
            }
        }

        var refused = new List<string>();
        foreach (var (regular, bold) in DebianFonts)
        {
            if (!File.Exists(regular)) continue;
            try
            {
                return Load(regular, bold is not null && File.Exists(bold) ? bold : null);
            }
            catch (InvalidDataException e)
            {
                refused.Add($"{regular}: {e.Message}");
            }
        }
        var found = refused.Count == 0 ? "No Chinese font was found" : "No usable Chinese font was found (" + string.Join("; ", refused) + ")";
        throw new InvalidOperationException($"{found}. {InstallHint}");
    }

    private CjkFontFamily Load(string regular, string? bold)
    {
        var lazy = _families.GetOrAdd((regular, bold), key => new Lazy<CjkFontFamily>(() => Create(key.Regular, key.Bold)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A font that failed to load (missing file, wrong format) may be fixed while the process runs.
            _families.TryRemove(new KeyValuePair<(string, string?), Lazy<CjkFontFamily>>((regular, bold), lazy));
            throw;
        }
    }

    private CjkFontFamily Create(string regularPath, string? boldPath)
    {
        var regularFace = LoadFace(regularPath);
        var boldFace = boldPath is null ? null : LoadFace(boldPath);
        var name = $"TrainerAcademy CJK {Interlocked.Increment(ref _familyCount)}";
        var family = new CjkFontFamily(name, regularFace, boldFace) { Common = CreateCommon(name, regularFace, boldFace) };
        if (family.Common is { } common) _familiesByName[common.Name] = common;
        _familiesByName[family.Name] = family;
        Interlocked.CompareExchange(ref _default, family, null);
        return family;
    }

    /// <summary>The family of the faces cut to the common characters, or null when a face cannot be cut.</summary>
    private CjkFontFamily? CreateCommon(string name, string regularFace, string? boldFace)
    {
        CommonFace? Cut(string face)
        {
            try
            {
                return CommonFace.Create(_faces[face]);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException or OverflowException or KeyNotFoundException)
            {
                return null;
            }
        }
        if (Cut(regularFace) is not { } regular) return null;
        var bold = boldFace is null ? null : Cut(boldFace);
        if (boldFace is not null && bold is null) return null;
        _faces[regularFace + ":common"] = regular.Font;
        if (bold is not null) _faces[boldFace + ":common"] = bold.Font;
        return new CjkFontFamily($"{name} common", regularFace + ":common", bold is null ? null : boldFace + ":common")
        {
            CutFaces = (regular, bold),
        };
    }

    /// <summary>Reads the file, picks the Simplified Chinese face of a collection, and keeps the extracted font.</summary>
    private string LoadFace(string path)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"The font file '{path}' does not exist. {InstallHint}");
        var file = File.ReadAllBytes(path);
        var faces = SfntFaces.List(file);
        var face = faces.FirstOrDefault(f => !f.FamilyName.Contains("Mono", StringComparison.OrdinalIgnoreCase)
                                             && f.FamilyName.EndsWith(" SC", StringComparison.Ordinal))
                   ?? faces.FirstOrDefault(f => !f.FamilyName.Contains("Mono", StringComparison.OrdinalIgnoreCase))
                   ?? faces[0];
        if (face.IsCff)
            throw new InvalidDataException(
                $"'{face.FamilyName}' has CFF outlines, which PDFsharp embeds whole, about 13 MB a document, and under a mismatched font type");
        var faceName = $"{path}#{face.Index}";
        _faces.GetOrAdd(faceName, _ => SfntFaces.Extract(file, face.Index));
        return faceName;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic)
    {
        // Any family PDFsharp is asked for (a default, a stray "Arial") is set in the Chinese font rather than failing.
        var family = _familiesByName.GetValueOrDefault(familyName) ?? _default;
        if (family is null) return null;
        return isBold && family.BoldSource is { } bold
            ? new FontResolverInfo(bold, false, isItalic)
            : new FontResolverInfo(family.RegularSource, isBold, isItalic);
    }

    public byte[]? GetFont(string faceName) => _faces.GetValueOrDefault(faceName);
}
