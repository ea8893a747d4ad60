using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TrainerAcademy.Features.Outbox;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Outbox;

/// <summary>The latest e-mails of the outbox; without SMTP this is where the admin reads what was "sent".</summary>
public sealed class OutboxModel(Mailer mailer, IOptions<SmtpOptions> smtp) : PageModel
{
    public const int Shown = 100;

    public IReadOnlyList<OutboxEntry> Messages { get; private set; } = [];
    public bool SmtpEnabled => smtp.Value.Enabled;

    public async Task OnGetAsync(CancellationToken ct) => Messages = await mailer.LatestAsync(Shown, ct);

    /// <summary>
    /// The message as the srcdoc of a sandboxed frame: no scripts, no access to this site; links open in a new tab.
    /// Razor encodes the attribute, so the HTML cannot leave the frame.
    /// </summary>
    public static string FrameDocument(OutboxEntry m) =>
        "<!DOCTYPE html><meta charset=\"utf-8\"><base target=\"_blank\">"
        + "<style>body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;font-size:14px;line-height:1.6;margin:8px;color:#1c2430;word-break:break-word}</style>"
        + m.HtmlBody;
}
