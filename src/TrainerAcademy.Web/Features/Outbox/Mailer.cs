using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Outbox;

public sealed record OutboxEntry(
    long Id, string To, string Subject, string HtmlBody, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, int Attempts, string? LastError, bool GaveUp);

/// <summary>Queues e-mail in the outbox table; <see cref="OutboxDispatchJob"/> delivers it.</summary>
[FeatureService]
public sealed class Mailer(AcademyDbContext db, TimeProvider clock)
{
    public async Task SendAsync(string to, string subject, string htmlBody, CancellationToken ct = default)
    {
        db.Outbox.Add(new OutboxMessage(to, subject, htmlBody, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The newest messages first, for the admin's outbox page.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> LatestAsync(int count, CancellationToken ct = default) =>
        await db.Outbox.AsNoTracking().OrderByDescending(m => m.Id).Take(count)
            .Select(m => new OutboxEntry(m.Id, m.To, m.Subject, m.HtmlBody, m.CreatedAt, m.SentAt, m.Attempts, m.LastError,
                m.SentAt == null && m.Attempts >= OutboxMessage.MaxAttempts))
            .ToListAsync(ct);
}

/// <summary>
/// Identity's account e-mails (password reset, confirmation), in Chinese with English below.
/// A singleton, as Identity's API endpoints take it from the root provider; each e-mail gets its own scope.
/// Identity's API builds its links from the request's Host header; every link is moved onto the platform's public
/// address (<see cref="PublicUrl"/>), so a forged Host cannot send a reset or confirmation token elsewhere.
/// </summary>
[FeatureService(ServiceLifetime.Singleton)]
public sealed class IdentityEmailSender(IServiceScopeFactory scopes) : IEmailSender<ApplicationUser>
{
    /// <summary>
    /// Sends a mail whose links go through <c>href</c>: each is put on the public address and HTML-encoded once.
    /// Identity hands its links over HTML-encoded and the platform's own callers raw, so a link is decoded first.
    /// </summary>
    private async Task SendAsync(string to, string subject, Func<Func<string, string>, string> html)
    {
        await using var scope = scopes.CreateAsyncScope();
        var publicBase = scope.ServiceProvider.GetRequiredService<PublicUrl>().Base;
        await scope.ServiceProvider.GetRequiredService<Mailer>().SendAsync(to, subject, html(link => WebUtility.HtmlEncode(OnPublicAddress(publicBase, WebUtility.HtmlDecode(link)))));
    }

    /// <summary>The link's path and query on the public address; the scheme and host it came with are dropped.</summary>
    public static string OnPublicAddress(string publicBase, string link)
    {
        var pathAndQuery = Uri.TryCreate(link, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery + absolute.Fragment : link;
        return publicBase.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/');
    }

    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        SendAsync(email, "确认您的邮箱 · Confirm your e-mail", href =>
            $"<p>请点击链接确认邮箱：<a href=\"{href(confirmationLink)}\">确认邮箱</a></p><p>Confirm your e-mail: <a href=\"{href(confirmationLink)}\">confirm</a></p>");

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        SendAsync(email, "重置密码 · Reset your password", href =>
            $"<p>请点击链接重置密码（2 小时内有效）：<a href=\"{href(resetLink)}\">重置密码</a></p><p>Reset your password (valid for 2 hours): <a href=\"{href(resetLink)}\">reset</a></p><p>如果不是您本人操作，请忽略此邮件。 If you did not ask for this, ignore this e-mail.</p>");

    /// <summary>To the owner of an address someone tried to register again; the register form answered as for a new address.</summary>
    public Task SendRegistrationAttemptAsync(string email, string signInLink, string resetLink) =>
        SendAsync(email, "有人尝试用您的邮箱注册 · Someone tried to register with your address", href =>
            $"<p>有人尝试用本邮箱注册新账户。您已有账户，无需再次注册：<a href=\"{href(signInLink)}\">登录</a>；忘记密码可<a href=\"{href(resetLink)}\">重置密码</a>。如果不是您本人操作，请忽略此邮件。</p>"
            + $"<p>Someone tried to register a new account with this address. You already have an account: <a href=\"{href(signInLink)}\">sign in</a>, or <a href=\"{href(resetLink)}\">reset your password</a> if you forgot it. If this was not you, ignore this e-mail.</p>");

    /// <summary>To the owner of an account that repeated failed sign-ins have just locked.</summary>
    public Task SendLockoutNoticeAsync(string email, int minutes, string resetLink) =>
        SendAsync(email, "账户已临时锁定 · Your account is locked for a while", href =>
            $"<p>由于多次登录失败，您的账户已被锁定 {minutes} 分钟。如果不是您本人操作，建议<a href=\"{href(resetLink)}\">重置密码</a>。</p>"
            + $"<p>After repeated failed sign-ins your account is locked for {minutes} minutes. If this was not you, consider <a href=\"{href(resetLink)}\">resetting your password</a>.</p>");

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        SendAsync(email, "密码重置码 · Password reset code", _ =>
            $"<p>您的密码重置码 · Your reset code:</p><p style=\"font-family:monospace;font-size:1.2em\">{WebUtility.HtmlEncode(resetCode)}</p>");
}
