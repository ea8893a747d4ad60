using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.AuditLog;

/// <summary>The audit log for admins (<c>/admin/audit</c>): the same search as <c>GET /api/audit</c>, with links to its exports.</summary>
public sealed class AuditLogModel(AuditSearch.Handler search) : PageModel
{
    [BindProperty(SupportsGet = true)] public AuditSearch.Query Filter { get; set; } = new();

    public AuditPage Result { get; private set; } = new([], 1, 50, 0);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) Filter = Filter with { From = null, To = null };
        Result = await search.PageAsync(Filter, ct);
    }

    /// <summary>The current filters as a query string, with another page or an export format.</summary>
    public string Link(string path, int? page = null, string? format = null)
    {
        var q = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) q.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        Add("actor", Filter.Actor);
        Add("action", Filter.Action);
        Add("from", Filter.From?.ToString("yyyy-MM-dd"));
        Add("to", Filter.To?.ToString("yyyy-MM-dd"));
        Add("targetType", Filter.TargetType);
        Add("targetId", Filter.TargetId);
        if (page is { } p) Add("page", p.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("format", format);
        return q.Count == 0 ? path : path + "?" + string.Join("&", q);
    }
}
