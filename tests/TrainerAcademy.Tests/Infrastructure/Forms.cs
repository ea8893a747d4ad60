using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>Razor Pages forms as a browser posts them: the antiforgery token is read from the page with AngleSharp.</summary>
public static class Forms
{
    public const string TokenField = "__RequestVerificationToken";

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {html}");
        return new HtmlParser().ParseDocument(html);
    }

    /// <summary>The antiforgery token of the page's form that holds <paramref name="field"/> (any form's when null).</summary>
    public static string Token(IHtmlDocument page, string? field = null)
    {
        var form = page.Forms.FirstOrDefault(f => field is null || f.QuerySelector($"[name='{field}']") is not null)
                   ?? throw new InvalidOperationException($"No form with a field {field} on the page.");
        var token = form.QuerySelector($"input[name='{TokenField}']") as IHtmlInputElement;
        return token?.Value ?? throw new InvalidOperationException("The form has no antiforgery token.");
    }

    /// <summary>GETs the page (which sets the antiforgery cookie), then posts its form with the token and the given fields.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string url, IDictionary<string, string> fields)
    {
        var page = await client.GetDocumentAsync(url);
        var values = new Dictionary<string, string>(fields) { [TokenField] = Token(page, fields.Keys.FirstOrDefault()) };
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    /// <summary>Posts the fields without any antiforgery token, as a cross-site form would.</summary>
    public static Task<HttpResponseMessage> PostFormWithoutTokenAsync(this HttpClient client, string url, IDictionary<string, string> fields) =>
        client.PostAsync(url, new FormUrlEncodedContent(fields));

    public static Task<HttpResponseMessage> SignInOnPageAsync(this HttpClient client, string email, string password) =>
        client.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    public static bool SetsAuthCookie(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("academy.auth=", StringComparison.Ordinal) && !c.StartsWith("academy.auth=;", StringComparison.Ordinal));
}
