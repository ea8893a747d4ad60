using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.Certificates;

/// <summary>
/// The learner's certificates (/certificates): each with its PDF, its verification link and its status; and the photo
/// the certificates issued from now on carry.
/// </summary>
public sealed class MineModel(CertificateQueries queries, CertificatePhoto.Handler photos) : PageModel
{
    public IReadOnlyList<CertificateView> Certificates { get; private set; } = [];

    public PhotoView? Photo { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPhotoAsync(IFormFile? file, CancellationToken ct)
    {
        await LoadAsync(ct);
        await photos.UploadAsync(file, ct);
        TempData["Photo"] = "saved";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemovePhotoAsync(CancellationToken ct)
    {
        await photos.RemoveAsync(ct);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Certificates = await queries.MineAsync(ct);
        Photo = await photos.FindAsync(ct) is { } file ? CertificatePhoto.View(file) : null;
    }
}
