using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace TrainerAcademy.Tests.Infrastructure.FakeStripe;

/// <summary>
/// The hosted page a session's <c>url</c> points at: <c>GET /checkout/{id}</c> shows the amount and a pay button,
/// <c>POST /checkout/{id}/pay</c> completes the payment, delivers the signed <c>checkout.session.completed</c> to the
/// configured webhook (before the redirect, or <see cref="WebhookDelay"/> after it), and redirects to success_url.
/// </summary>
public sealed partial class FakeStripeServer
{
    private static readonly Dictionary<string, string> MethodNames = new(StringComparer.Ordinal)
    {
        ["card"] = "银行卡 · Card",
        ["alipay"] = "支付宝 · Alipay",
        ["wechat_pay"] = "微信支付 · WeChat Pay",
    };

    /// <summary>Escapes markup only: WebUtility's encoder would also turn ¥ into an entity.</summary>
    private static string HtmlEncode(string? text) =>
        (text ?? "").Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    private async Task CheckoutPageAsync(HttpContext http, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (HttpMethods.IsGet(http.Request.Method) && parts.Length == 2) await ShowCheckoutAsync(http, parts[1]);
        else if (HttpMethods.IsPost(http.Request.Method) && parts is [_, _, "pay"]) await PayAsync(http, parts[1]);
        else await PageAsync(http, 404, "Not found", "<p>FakeStripe: no such page.</p>");
    }

    private async Task ShowCheckoutAsync(HttpContext http, string sessionId)
    {
        JsonObject? session;
        JsonArray? items;
        lock (_gate)
        {
            ExpireDueSessions();
            session = _sessions.TryGetValue(sessionId, out var stored) ? (JsonObject)stored.Json.DeepClone() : null;
            items = session is null ? null : (JsonArray)_extras[sessionId].LineItems.DeepClone();
        }
        if (session is null)
        {
            await PageAsync(http, 404, "找不到支付 · Not found", "<p id=\"message\">找不到此支付页面。 This Checkout Session does not exist.</p>");
            return;
        }
        var status = session["status"]!.GetValue<string>();
        if (status != "open")
        {
            // Stripe shows its own page for a finished or expired session, with a 200.
            await PageAsync(http, 200, "支付已结束 · Checkout ended",
                $"<p id=\"message\" data-status=\"{HtmlEncode(status)}\">此支付页面已失效（{HtmlEncode(status)}）。 This Checkout Session is no longer active.</p>");
            return;
        }
        var amount = Format(session["amount_total"]!.GetValue<long>(), session["currency"]!.GetValue<string>());
        var html = new StringBuilder();
        html.Append("<ul id=\"items\">");
        foreach (var item in items!)
            html.Append($"<li>{HtmlEncode(item!["description"]!.GetValue<string>())} × {item["quantity"]}</li>");
        html.Append("</ul>");
        html.Append($"<p>合计 · Total <strong id=\"amount\">{HtmlEncode(amount)}</strong></p>");
        if (session["customer_email"]?.GetValue<string>() is { } email) html.Append($"<p id=\"email\">{HtmlEncode(email)}</p>");
        html.Append($"<form method=\"post\" action=\"/checkout/{HtmlEncode(sessionId)}/pay\"><fieldset><legend>支付方式 · Payment method</legend>");
        var first = true;
        foreach (var method in session["payment_method_types"]!.AsArray().Select(m => m!.GetValue<string>()))
        {
            html.Append($"<label><input type=\"radio\" name=\"payment_method\" value=\"{HtmlEncode(method)}\"{(first ? " checked" : "")}> {HtmlEncode(MethodNames.GetValueOrDefault(method, method))}</label><br>");
            first = false;
        }
        html.Append("</fieldset><p><label><input type=\"checkbox\" name=\"outcome\" value=\"processing\"> 延迟到账 · Delayed payment (settles later)</label></p>");
        html.Append($"<button type=\"submit\" id=\"pay\">支付 · Pay {HtmlEncode(amount)}</button></form>");
        if (session["cancel_url"]?.GetValue<string>() is { } cancel) html.Append($"<p><a id=\"cancel\" href=\"{HtmlEncode(cancel)}\">返回 · Back</a></p>");
        await PageAsync(http, 200, "FakeStripe 支付 · Checkout", html.ToString());
    }

    private async Task PayAsync(HttpContext http, string sessionId)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var method = form?["payment_method"].FirstOrDefault();
        var async = form?["outcome"].FirstOrDefault() == "processing";
        string eventJson;
        string? successUrl;
        try
        {
            lock (_gate)
            {
                eventJson = CompleteCore(sessionId, async, method).ToJsonString();
                successUrl = _sessions[sessionId].Json["success_url"]?.GetValue<string>();
            }
        }
        catch (InvalidOperationException e)
        {
            await PageAsync(http, 409, "无法支付 · Cannot pay", $"<p id=\"message\">{HtmlEncode(e.Message)}</p>");
            return;
        }

        if (WebhookConfigured)
        {
            if (WebhookDelay is not { } delay) await TryDeliverAsync(eventJson);
            else
            {
                var later = Task.Run(async () =>
                {
                    await Task.Delay(delay);
                    await TryDeliverAsync(eventJson);
                });
                lock (_gate) _backgroundDeliveries.Add(later);
            }
        }

        if (successUrl is null)
        {
            await PageAsync(http, 200, "支付成功 · Paid", "<p id=\"message\">支付成功。 Payment complete.</p>");
            return;
        }
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = successUrl.Replace("{CHECKOUT_SESSION_ID}", sessionId, StringComparison.Ordinal);
    }

    private async Task TryDeliverAsync(string eventJson)
    {
        try
        {
            await DeliverAsync(eventJson);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            // Stripe would retry for three days; the fake records the failure for the test to see.
            var stripeEvent = JsonNode.Parse(eventJson)!;
            lock (_gate)
                _deliveries.Add(new WebhookDelivery(stripeEvent["id"]!.GetValue<string>(), stripeEvent["type"]!.GetValue<string>(), 0, e.Message));
        }
    }

    private static async Task PageAsync(HttpContext http, int status, string title, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            $"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{HtmlEncode(title)}</title>" +
            "<style>body{font-family:sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.5rem 1.5rem}</style>" +
            $"</head><body><h1>FakeStripe</h1><h2>{HtmlEncode(title)}</h2>{body}</body></html>", Encoding.UTF8);
    }
}
