using Microsoft.Extensions.Options;

namespace TrainerAcademy.Infrastructure.Files;

/// <summary>The "Documents" section: where generated documents (certificate PDFs) are kept.</summary>
public sealed class DocumentStoreOptions
{
    /// <summary>A folder every instance of the platform reads and writes; relative paths are under the content root.</summary>
    public string Root { get; set; } = "App_Data/documents";
}

/// <summary>
/// Generated documents, written once under a key that names their content (e.g. <c>certificates/S…-3f9a….pdf</c>) and
/// never changed: writing a key again with the same bytes is a no-op, with other bytes an error. A folder by default; the
/// interface is what a shared store (an object store, a network folder) implements for several instances.
/// </summary>
public interface IDocumentStore
{
    Task WriteOnceAsync(string key, byte[] content, CancellationToken ct = default);

    /// <summary>The document, or null when no document has that key.</summary>
    Task<byte[]?> ReadAsync(string key, CancellationToken ct = default);
}

public sealed class FolderDocumentStore(IOptions<DocumentStoreOptions> options, IHostEnvironment env) : IDocumentStore
{
    private string Root => Path.GetFullPath(Path.Combine(env.ContentRootPath, options.Value.Root));

    public async Task WriteOnceAsync(string key, byte[] content, CancellationToken ct = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, ct);
        try
        {
            // A rename is atomic: readers see the whole document or none, and of two writers only one wins.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            if (!(await File.ReadAllBytesAsync(path, ct)).AsSpan().SequenceEqual(content))
                throw new InvalidOperationException($"The document {key} exists with other content; documents are written once.");
        }
    }

    public async Task<byte[]?> ReadAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, ct) : null;
    }

    private string PathOf(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(key) || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.')))
            throw new ArgumentException("A document key is a relative path of letters, digits, '/', '-', '_' and '.'.", nameof(key));
        var path = Path.GetFullPath(Path.Combine(Root, key));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : throw new ArgumentException("The key leaves the store.", nameof(key));
    }
}
