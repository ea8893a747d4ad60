using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Files;

namespace TrainerAcademy.Infrastructure;

/// <summary>What uploads may be; bound from the "Files" section.</summary>
public sealed class FileStoreOptions
{
    /// <summary>The largest file taken, in bytes (10 MB).</summary>
    [Range(1, 100L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>The kinds taken, comma-separated: pdf, docx, xlsx, txt, md, png, jpeg, zip.</summary>
    [Required]
    public string AllowedTypes { get; set; } = "pdf,docx,xlsx,txt,md,png,jpeg,zip";

    /// <summary>How many files a candidate may upload for one task of a paper (a bound on what one paper can store).</summary>
    [Range(1, 200)]
    public int MaxUploadsPerTask { get; set; } = 20;

    public FileLimits Limits => new(MaxBytes,
        AllowedTypes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(FileKinds.Parse).OfType<FileKind>().ToHashSet());
}

/// <summary>
/// Files in the database (<see cref="StoredFile"/>): every instance behind the load balancer reads the same files, and a
/// database backup holds them. The one place uploads are read, checked and looked up.
/// </summary>
public sealed class FileStore(AcademyDbContext db, IOptions<FileStoreOptions> options, TimeProvider clock)
{
    public FileStoreOptions Options => options.Value;

    /// <summary>
    /// Reads an upload and checks it against the limits (kind by name and bytes, size, not empty), without storing it:
    /// the caller adds it (<see cref="Add"/>) in its own transaction. A file over the limit is refused before it is read.
    /// </summary>
    public Task<StoredFile> ReadAsync(string ownerId, IFormFile? upload, CancellationToken ct) => ReadAsync(ownerId, upload, Options.Limits, ct);

    /// <summary>As <see cref="ReadAsync(string, IFormFile?, CancellationToken)"/>, under limits of the caller's own (a photo's).</summary>
    public async Task<StoredFile> ReadAsync(string ownerId, IFormFile? upload, FileLimits limits, CancellationToken ct)
    {
        if (upload is null)
            throw new RuleViolation("file.missing", "Choose a file to upload (the form field \"file\").", "file");
        if (upload.Length > limits.MaxBytes) throw StoredFile.TooLarge(limits.MaxBytes);
        using var buffer = new MemoryStream((int)upload.Length);
        await using (var stream = upload.OpenReadStream())
            await stream.CopyToAsync(buffer, ct);
        return StoredFile.Accept(ownerId, upload.FileName, buffer.ToArray(), limits, clock.GetUtcNow());
    }

    public void Add(StoredFile file) => db.StoredFiles.Add(file);

    public Task<StoredFile?> FindAsync(Guid id, CancellationToken ct) => db.StoredFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, ct);

    /// <summary>Of the given ids, the files the owner uploaded: id to name.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> NamesOwnedByAsync(string ownerId, IReadOnlySet<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return new Dictionary<Guid, string>();
        var list = ids.ToList();
        return await db.StoredFiles.AsNoTracking().Where(f => f.OwnerId == ownerId && list.Contains(f.Id))
            .Select(f => new { f.Id, f.Name }).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
    }
}
