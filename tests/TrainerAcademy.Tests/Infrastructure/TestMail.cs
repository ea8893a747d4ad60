using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>The e-mails the app wrote to its outbox, and the links in them, as their recipient would follow them.</summary>
public static partial class TestMail
{
    public static async Task<List<OutboxMessage>> MailToAsync(this AcademyFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Outbox.AsNoTracking()
            .Where(m => m.To == email).OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>The links of a message's body, HTML-decoded, as path and query (the tests' server has no real host).</summary>
    public static IReadOnlyList<string> Links(OutboxMessage message) =>
        [.. Href().Matches(message.HtmlBody).Select(m => new Uri(WebUtility.HtmlDecode(m.Groups[1].Value), UriKind.Absolute).PathAndQuery).Distinct()];

    /// <summary>Follows the link of the newest confirmation e-mail to this address, as its owner does.</summary>
    public static async Task ConfirmFromMailAsync(this AcademyFactory factory, string email)
    {
        var mail = (await factory.MailToAsync(email)).LastOrDefault(m => m.Subject.Contains("Confirm your e-mail", StringComparison.Ordinal));
        Assert.True(mail is not null, $"no confirmation e-mail to {email}");
        var link = Links(mail).First();
        using var response = await factory.CreateApiClient().GetAsync(link);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"confirmation link {link}: {(int)response.StatusCode}");
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
