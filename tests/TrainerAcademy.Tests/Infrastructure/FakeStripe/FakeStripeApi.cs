using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static TrainerAcademy.Tests.Infrastructure.FakeStripe.StripeForm;

namespace TrainerAcademy.Tests.Infrastructure.FakeStripe;

/// <summary>The API endpoints. Every method here runs under <c>_gate</c>.</summary>
public sealed partial class FakeStripeServer
{
    /// <summary>What the fake's account has switched on in its dashboard; other method types are filtered out.</summary>
    private static readonly string[] ActivatedMethods = ["card", "alipay", "wechat_pay"];

    private static readonly Dictionary<string, string[]> MethodCurrencies = new(StringComparer.Ordinal)
    {
        ["alipay"] = ["cny", "aud", "cad", "eur", "gbp", "hkd", "jpy", "sgd", "myr", "nzd", "usd"],
        ["wechat_pay"] = ["cny", "aud", "cad", "eur", "gbp", "hkd", "jpy", "sgd", "usd", "dkk", "nok", "sek", "chf"],
    };

    private static readonly string[] KnownMethods =
    [
        "acss_debit", "affirm", "afterpay_clearpay", "alipay", "alma", "amazon_pay", "au_becs_debit", "bacs_debit", "bancontact",
        "billie", "bizum", "blik", "boleto", "card", "cashapp", "crypto", "customer_balance", "eps", "fpx", "giropay", "grabpay",
        "ideal", "kakao_pay", "klarna", "konbini", "kr_card", "link", "mb_way", "mobilepay", "multibanco", "naver_pay",
        "nz_bank_account", "oxxo", "p24", "pay_by_bank", "payco", "paynow", "paypal", "paypay", "payto", "pix", "promptpay",
        "revolut_pay", "samsung_pay", "satispay", "scalapay", "sepa_debit", "sequra", "sofort", "sunbit", "swish", "twint", "upi",
        "us_bank_account", "wechat_pay", "zip",
    ];

    private static readonly string[] Currencies =
    [
        "cny", "usd", "eur", "gbp", "hkd", "jpy", "sgd", "aud", "cad", "chf", "nzd", "myr", "krw", "twd", "thb", "sek", "nok",
        "dkk", "inr", "mxn", "brl", "pln",
    ];

    private const long MaximumAmount = 99_999_999;
    private const long EventRetentionSeconds = 30 * 24 * 3600;

    private sealed record SessionExtras(JsonArray LineItems, string? IntentDescription, JsonObject IntentMetadata);

    private JsonNode Route(ApiRequest r)
    {
        var parts = r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[1..];
        return (r.Method, parts) switch
        {
            ("POST", ["checkout", "sessions"]) => CreateSession(r),
            ("GET", ["checkout", "sessions"]) => ListSessions(r),
            ("GET", ["checkout", "sessions", var id]) => GetSession(r, id),
            ("GET", ["checkout", "sessions", var id, "line_items"]) => ListLineItems(r, id),
            ("POST", ["checkout", "sessions", var id, "expire"]) => ExpireSession(r, id),
            ("POST", ["refunds"]) => CreateRefund(r),
            ("GET", ["refunds", var id]) => GetPlain(r, _refunds, "refund", id),
            ("GET", ["payment_intents", var id]) => GetPlain(r, _paymentIntents, "payment_intent", id),
            ("GET", ["charges", var id]) => GetPlain(r, _charges, "charge", id),
            ("GET", ["events"]) => ListEvents(r),
            ("GET", ["events", var id]) => GetPlain(r, _events, "event", id),
            _ => throw new StripeApiError(404, "invalid_request_error",
                $"Unrecognized request URL ({r.Method}: {r.Path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."),
        };
    }

    // ---- Checkout Sessions -----------------------------------------------------------------------------------------

    private JsonNode CreateSession(ApiRequest r)
    {
        var p = r.Params;
        RequireKnown(p, "",
            "after_expiration", "allow_promotion_codes", "allowed_payment_method_types", "billing_address_collection", "cancel_url",
            "client_reference_id", "consent_collection", "currency", "custom_text", "customer", "customer_creation", "customer_email",
            "excluded_payment_method_types", "expand", "expires_at", "invoice_creation", "line_items", "locale", "metadata", "mode",
            "payment_intent_data", "payment_method_collection", "payment_method_configuration", "payment_method_options",
            "phone_number_collection", "submit_type", "success_url", "ui_mode");

        var mode = String(p, "mode") ?? throw StripeApiError.Missing("mode");
        if (mode is not ("payment" or "setup" or "subscription"))
            throw StripeApiError.Invalid($"Invalid mode: must be one of payment, setup, or subscription", "mode");
        if (mode != "payment") throw StripeApiError.Invalid($"FakeStripe models mode=payment only, not {mode}.", "mode");
        var uiMode = String(p, "ui_mode") ?? "hosted_page";
        if (uiMode != "hosted_page") throw StripeApiError.Invalid($"FakeStripe models ui_mode=hosted_page only, not {uiMode}.", "ui_mode");
        if (String(p, "customer") is { Length: > 0 } customer) throw StripeApiError.NoSuch("customer", customer, "customer", 400);

        var successUrl = Url(p, "success_url");
        var cancelUrl = Url(p, "cancel_url");
        var email = String(p, "customer_email");
        if (email is not null && !Regex.IsMatch(email, @"^[^@\s]+@[^@\s]+\.[^@\s]+$"))
            throw StripeApiError.Invalid($"Invalid email address: {email}", "customer_email", "email_invalid");
        var reference = String(p, "client_reference_id");
        if (reference is { Length: > 200 }) throw StripeApiError.Invalid("client_reference_id must be at most 200 characters.", "client_reference_id");
        var metadata = Metadata(p);

        var items = ObjectArray(p, "line_items");
        if (items.Count == 0) throw StripeApiError.Missing("line_items");
        var now = Now;
        var lineItems = new JsonArray();
        string? currency = null;
        long total = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = ReadLineItem(items[i], $"line_items[{i}]", now);
            var itemCurrency = item["currency"]!.GetValue<string>();
            if (currency is not null && currency != itemCurrency)
                throw StripeApiError.Invalid("All line items must use the same currency.", $"line_items[{i}][price_data][currency]");
            currency = itemCurrency;
            total += item["amount_total"]!.GetValue<long>();
            lineItems.Add(item);
        }
        if (String(p, "currency") is { } given && given != currency)
            throw StripeApiError.Invalid("currency must match the currency of the line items.", "currency");
        if (total > MaximumAmount)
            throw StripeApiError.Invalid($"Amount must be no more than {Format(MaximumAmount, currency!)}", "line_items", "amount_too_large");

        var expiresAt = Integer(p, "expires_at") ?? now + 24 * 3600;
        if (expiresAt < now + 30 * 60)
            throw StripeApiError.Invalid("The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.", "expires_at");
        if (expiresAt > now + 24 * 3600)
            throw StripeApiError.Invalid("The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.", "expires_at");

        var methodOptions = ReadPaymentMethodOptions(p);
        var allowed = StringArray(p, "allowed_payment_method_types");
        var excluded = StringArray(p, "excluded_payment_method_types");
        if (allowed is not null && (excluded is not null || String(p, "payment_method_configuration") is not null))
            throw StripeApiError.Invalid("allowed_payment_method_types cannot be combined with excluded_payment_method_types or payment_method_configuration.", "allowed_payment_method_types");
        foreach (var (list, name) in new[] { (allowed, "allowed_payment_method_types"), (excluded, "excluded_payment_method_types") })
            for (var i = 0; list is not null && i < list.Count; i++)
                if (!KnownMethods.Contains(list[i]))
                    throw StripeApiError.Invalid($"Invalid {name}[{i}]: must be one of {string.Join(", ", KnownMethods)}", $"{name}[{i}]");
        // Like Stripe's dynamic payment methods: what is activated, fits the currency and is set up; allowed_* filters silently.
        var offered = (allowed ?? ["card"]).Distinct()
            .Where(m => ActivatedMethods.Contains(m))
            .Where(m => !MethodCurrencies.TryGetValue(m, out var currencies) || currencies.Contains(currency!))
            .Where(m => m != "wechat_pay" || methodOptions["wechat_pay"]?["client"] is not null)
            .Where(m => excluded is null || !excluded.Contains(m))
            .ToList();
        if (offered.Count == 0)
            throw StripeApiError.Invalid("No valid payment method types for this Checkout Session. Please ensure that you have activated payment methods compatible with your chosen currency in your dashboard.", "allowed_payment_method_types");

        var intentData = Object(p, "payment_intent_data");
        RequireKnown(intentData, "payment_intent_data", "application_fee_amount", "capture_method", "description", "metadata", "on_behalf_of",
            "receipt_email", "setup_future_usage", "shipping", "statement_descriptor", "statement_descriptor_suffix", "transfer_data", "transfer_group");
        var extras = new SessionExtras(lineItems,
            intentData is null ? null : String(intentData, "description", "payment_intent_data"),
            intentData is null ? new JsonObject() : Metadata(intentData, "payment_intent_data"));

        var id = "cs_test_" + RandomToken(58);
        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["after_expiration"] = null,
            ["allow_promotion_codes"] = Boolean(p, "allow_promotion_codes"),
            ["allowed_payment_method_types"] = allowed is null ? null : new JsonArray([.. allowed.Select(m => (JsonNode)m)]),
            ["amount_subtotal"] = total,
            ["amount_total"] = total,
            ["automatic_tax"] = new JsonObject { ["enabled"] = false, ["liability"] = null, ["status"] = null },
            ["billing_address_collection"] = String(p, "billing_address_collection"),
            ["cancel_url"] = cancelUrl,
            ["client_reference_id"] = reference,
            ["client_secret"] = null,
            ["consent"] = null,
            ["consent_collection"] = null,
            ["created"] = now,
            ["currency"] = currency,
            ["custom_fields"] = new JsonArray(),
            ["customer"] = null,
            ["customer_creation"] = String(p, "customer_creation") ?? "if_required",
            ["customer_details"] = null,
            ["customer_email"] = email,
            ["discounts"] = new JsonArray(),
            ["excluded_payment_method_types"] = excluded is null ? null : new JsonArray([.. excluded.Select(m => (JsonNode)m)]),
            ["expires_at"] = expiresAt,
            ["invoice"] = null,
            ["livemode"] = false,
            ["locale"] = String(p, "locale"),
            ["metadata"] = metadata,
            ["mode"] = mode,
            ["payment_intent"] = null,
            ["payment_link"] = null,
            ["payment_method_collection"] = String(p, "payment_method_collection") ?? "if_required",
            ["payment_method_options"] = methodOptions,
            ["payment_method_types"] = new JsonArray([.. offered.Select(m => (JsonNode)m)]),
            ["payment_status"] = "unpaid",
            ["phone_number_collection"] = new JsonObject { ["enabled"] = false },
            ["recovered_from"] = null,
            ["setup_intent"] = null,
            ["shipping_address_collection"] = null,
            ["shipping_cost"] = null,
            ["shipping_options"] = new JsonArray(),
            ["status"] = "open",
            ["submit_type"] = String(p, "submit_type"),
            ["subscription"] = null,
            ["success_url"] = successUrl,
            ["total_details"] = new JsonObject { ["amount_discount"] = 0, ["amount_shipping"] = 0, ["amount_tax"] = 0 },
            ["ui_mode"] = uiMode,
            ["url"] = new Uri(BaseAddress, $"checkout/{id}").ToString(),
        };
        var stored = Store(_sessions, session);
        _extras[id] = extras;
        return ProjectSession(stored, Expansions(p, "", "payment_intent", "line_items"));
    }

    private JsonObject ReadLineItem(JsonObject item, string path, long now)
    {
        RequireKnown(item, path, "adjustable_quantity", "dynamic_tax_rates", "metadata", "price", "price_data", "quantity", "tax_rates");
        if (String(item, "price", path) is { Length: > 0 } price) throw StripeApiError.NoSuch("price", price, $"{path}[price]", 400);
        var priceData = Object(item, "price_data", path) ?? throw StripeApiError.Missing($"{path}[price_data]");
        var pricePath = $"{path}[price_data]";
        RequireKnown(priceData, pricePath, "currency", "product", "product_data", "recurring", "tax_behavior", "unit_amount", "unit_amount_decimal");
        if (Object(priceData, "recurring", pricePath) is not null)
            throw StripeApiError.Invalid("You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.", $"{pricePath}[recurring]");
        var currency = (String(priceData, "currency", pricePath) ?? throw StripeApiError.Missing($"{pricePath}[currency]")).ToLowerInvariant();
        if (!Currencies.Contains(currency))
            throw StripeApiError.Invalid($"Invalid currency: {currency}. Stripe currently supports these currencies: {string.Join(", ", Currencies)}", $"{pricePath}[currency]");
        if (String(priceData, "product", pricePath) is { Length: > 0 } product) throw StripeApiError.NoSuch("product", product, $"{pricePath}[product]", 400);
        if (String(priceData, "unit_amount_decimal", pricePath) is not null)
            throw StripeApiError.Invalid("FakeStripe models unit_amount only, not unit_amount_decimal.", $"{pricePath}[unit_amount_decimal]");
        var unitAmount = Integer(priceData, "unit_amount", pricePath) ?? throw StripeApiError.Missing($"{pricePath}[unit_amount]");
        if (unitAmount < 0) throw StripeApiError.Invalid("Invalid non-negative integer", $"{pricePath}[unit_amount]");
        if (unitAmount > MaximumAmount) throw StripeApiError.Invalid($"Invalid integer: {unitAmount}; must be at most {MaximumAmount}", $"{pricePath}[unit_amount]");
        var productPath = $"{pricePath}[product_data]";
        var productData = Object(priceData, "product_data", pricePath) ?? throw StripeApiError.Missing(productPath);
        RequireKnown(productData, productPath, "description", "images", "metadata", "name", "tax_code", "tax_details", "unit_label");
        var name = String(productData, "name", productPath);
        if (string.IsNullOrWhiteSpace(name)) throw StripeApiError.Missing($"{productPath}[name]");
        var quantity = Integer(item, "quantity", path) ?? throw StripeApiError.Missing($"{path}[quantity]");
        if (quantity < 1) throw StripeApiError.Invalid("Invalid positive integer", $"{path}[quantity]");
        var amount = unitAmount * quantity;
        return new JsonObject
        {
            ["id"] = NewId("li_"),
            ["object"] = "item",
            ["amount_discount"] = 0,
            ["amount_subtotal"] = amount,
            ["amount_tax"] = 0,
            ["amount_total"] = amount,
            ["currency"] = currency,
            ["description"] = name,
            ["price"] = new JsonObject
            {
                ["id"] = NewId("price_"),
                ["object"] = "price",
                ["active"] = false,
                ["billing_scheme"] = "per_unit",
                ["created"] = now,
                ["currency"] = currency,
                ["livemode"] = false,
                ["metadata"] = new JsonObject(),
                ["product"] = NewId("prod_"),
                ["type"] = "one_time",
                ["unit_amount"] = unitAmount,
                ["unit_amount_decimal"] = unitAmount.ToString(CultureInfo.InvariantCulture),
            },
            ["quantity"] = quantity,
        };
    }

    private static JsonObject ReadPaymentMethodOptions(JsonObject p)
    {
        var options = new JsonObject();
        var given = Object(p, "payment_method_options");
        if (given is null) return options;
        RequireKnown(given, "payment_method_options", [.. KnownMethods]);
        foreach (var (method, _) in given)
        {
            var path = $"payment_method_options[{method}]";
            var settings = Object(given, method, "payment_method_options") ?? new JsonObject();
            if (method != "wechat_pay")
            {
                options[method] = settings.DeepClone();
                continue;
            }
            RequireKnown(settings, path, "app_id", "client", "setup_future_usage");
            var client = String(settings, "client", path);
            if (client is not null and not ("web" or "ios" or "android"))
                throw StripeApiError.Invalid("Invalid client: must be one of android, ios, or web", $"{path}[client]");
            var appId = String(settings, "app_id", path);
            if (client is "ios" or "android" && string.IsNullOrEmpty(appId)) throw StripeApiError.Missing($"{path}[app_id]");
            options[method] = new JsonObject { ["app_id"] = appId, ["client"] = client, ["setup_future_usage"] = String(settings, "setup_future_usage", path) };
        }
        return options;
    }

    private static string? Url(JsonObject p, string key)
    {
        var value = String(p, key);
        if (value is null) return null;
        if (value.Length > 5000
            || !Uri.TryCreate(value.Replace("{CHECKOUT_SESSION_ID}", "x", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
            throw StripeApiError.Invalid("Not a valid URL", key, "url_invalid");
        return value;
    }

    private JsonNode GetSession(ApiRequest r, string id)
    {
        RequireKnown(r.Params, "", "expand");
        var session = _sessions.GetValueOrDefault(id) ?? throw StripeApiError.NoSuch("checkout.session", id, "session");
        return ProjectSession(session, Expansions(r.Params, "", "payment_intent", "line_items"));
    }

    private JsonNode ExpireSession(ApiRequest r, string id)
    {
        RequireKnown(r.Params, "", "expand");
        var session = _sessions.GetValueOrDefault(id) ?? throw StripeApiError.NoSuch("checkout.session", id, "session");
        var status = session.Json["status"]!.GetValue<string>();
        if (status != "open")
            throw StripeApiError.Invalid($"Only Checkout Sessions with a status of `open` can be expired. This Checkout Session has a status of `{status}`.", code: "checkout_session_not_open");
        ExpireCore(session, r);
        return ProjectSession(session, Expansions(r.Params, "", "payment_intent", "line_items"));
    }

    private JsonNode ListSessions(ApiRequest r)
    {
        var p = r.Params;
        RequireKnown(p, "", "created", "customer", "customer_details", "ending_before", "expand", "limit", "payment_intent",
            "payment_link", "starting_after", "status", "subscription");
        var status = String(p, "status");
        if (status is not null and not ("open" or "complete" or "expired"))
            throw StripeApiError.Invalid("Invalid status: must be one of complete, expired, or open", "status");
        var paymentIntent = String(p, "payment_intent");
        var details = Object(p, "customer_details");
        RequireKnown(details, "customer_details", "email");
        var email = details is null ? null : String(details, "email", "customer_details");
        var expand = Expansions(p, "data.", "payment_intent", "line_items");
        var candidates = _sessions.Values.Where(s =>
            (status is null || s.Json["status"]!.GetValue<string>() == status)
            && (paymentIntent is null || s.Json["payment_intent"]?.GetValue<string>() == paymentIntent)
            && (email is null || s.Json["customer_details"]?["email"]?.GetValue<string>() == email));
        return Page(p, candidates, _sessions, "checkout.session", "/v1/checkout/sessions", s => ProjectSession(s, expand));
    }

    private JsonNode ListLineItems(ApiRequest r, string id)
    {
        RequireKnown(r.Params, "", "ending_before", "expand", "limit", "starting_after");
        if (!_sessions.ContainsKey(id)) throw StripeApiError.NoSuch("checkout.session", id, "session");
        var items = _extras[id].LineItems;
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = items.DeepClone(),
            ["has_more"] = false,
            ["url"] = $"/v1/checkout/sessions/{id}/line_items",
        };
    }

    private JsonObject ProjectSession(Stored session, IReadOnlyCollection<string> expand)
    {
        var json = (JsonObject)session.Json.DeepClone();
        if (expand.Contains("payment_intent") && json["payment_intent"]?.GetValue<string>() is { } intentId)
            json["payment_intent"] = _paymentIntents[intentId].Json.DeepClone();
        if (expand.Contains("line_items"))
        {
            var id = json["id"]!.GetValue<string>();
            json["line_items"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = _extras[id].LineItems.DeepClone(),
                ["has_more"] = false,
                ["url"] = $"/v1/checkout/sessions/{id}/line_items",
            };
        }
        return json;
    }

    /// <summary>The <c>expand[]</c> paths, without <paramref name="prefix"/> (<c>data.</c> in lists); others are refused.</summary>
    private static List<string> Expansions(JsonObject p, string prefix, params string[] expandable)
    {
        var paths = StringArray(p, "expand") ?? [];
        var result = new List<string>();
        foreach (var path in paths)
        {
            var name = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : null;
            if (name is null || !expandable.Contains(name))
                throw StripeApiError.Invalid($"This property cannot be expanded ({path}).", "expand");
            result.Add(name);
        }
        return result;
    }

    // ---- Payment: what happens when the customer pays --------------------------------------------------------------

    private Stored RequireSession(string sessionId)
    {
        ExpireDueSessions();
        return _sessions.GetValueOrDefault(sessionId) ?? throw new InvalidOperationException($"FakeStripe has no Checkout Session {sessionId}.");
    }

    private JsonObject CompleteCore(string sessionId, bool async, string? paymentMethod)
    {
        var session = RequireSession(sessionId);
        var s = session.Json;
        var status = s["status"]!.GetValue<string>();
        if (status != "open") throw new InvalidOperationException($"Checkout Session {sessionId} is {status}, not open: it can no longer be paid.");
        var methods = s["payment_method_types"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var method = string.IsNullOrEmpty(paymentMethod) ? methods[0] : paymentMethod;
        if (!methods.Contains(method))
            throw new InvalidOperationException($"Checkout Session {sessionId} offers {string.Join(", ", methods)}, not {method}.");

        var extras = _extras[sessionId];
        var email = s["customer_email"]?.GetValue<string>() ?? "customer@example.com";
        var intentId = NewId("pi_");
        var amount = s["amount_total"]!.GetValue<long>();
        var intent = Store(_paymentIntents, new JsonObject
        {
            ["id"] = intentId,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_capturable"] = 0L,
            ["amount_received"] = 0L,
            ["canceled_at"] = null,
            ["cancellation_reason"] = null,
            ["capture_method"] = "automatic_async",
            ["client_secret"] = $"{intentId}_secret_{RandomToken(24)}",
            ["confirmation_method"] = "automatic",
            ["created"] = Now,
            ["currency"] = s["currency"]!.GetValue<string>(),
            ["customer"] = null,
            ["description"] = extras.IntentDescription,
            ["last_payment_error"] = null,
            ["latest_charge"] = null,
            ["livemode"] = false,
            ["metadata"] = extras.IntentMetadata.DeepClone(),
            ["payment_method"] = NewId("pm_"),
            ["payment_method_types"] = new JsonArray(method),
            ["receipt_email"] = null,
            ["status"] = async ? "processing" : "succeeded",
        });
        if (!async)
        {
            var charge = CreateCharge(intent, email);
            intent.Json["amount_received"] = amount;
            intent.Json["latest_charge"] = charge.Json["id"]!.GetValue<string>();
        }
        s["status"] = "complete";
        s["payment_status"] = async ? "unpaid" : "paid";
        s["payment_intent"] = intentId;
        s["url"] = null;
        s["customer_details"] = new JsonObject
        {
            ["address"] = null,
            ["email"] = email,
            ["name"] = null,
            ["phone"] = null,
            ["tax_exempt"] = "none",
            ["tax_ids"] = new JsonArray(),
        };
        return RecordEvent("checkout.session.completed", s, null, null);
    }

    private Stored CreateCharge(Stored intent, string email)
    {
        var pi = intent.Json;
        var amount = pi["amount"]!.GetValue<long>();
        return Store(_charges, new JsonObject
        {
            ["id"] = NewId("ch_"),
            ["object"] = "charge",
            ["amount"] = amount,
            ["amount_captured"] = amount,
            ["amount_refunded"] = 0L,
            ["balance_transaction"] = NewId("txn_"),
            ["billing_details"] = new JsonObject { ["address"] = null, ["email"] = email, ["name"] = null, ["phone"] = null },
            ["captured"] = true,
            ["created"] = Now,
            ["currency"] = pi["currency"]!.GetValue<string>(),
            ["description"] = pi["description"]?.DeepClone(),
            ["disputed"] = false,
            ["failure_code"] = null,
            ["failure_message"] = null,
            ["livemode"] = false,
            ["metadata"] = pi["metadata"]!.DeepClone(),
            ["paid"] = true,
            ["payment_intent"] = pi["id"]!.GetValue<string>(),
            ["payment_method"] = pi["payment_method"]!.GetValue<string>(),
            ["payment_method_details"] = new JsonObject { ["type"] = pi["payment_method_types"]![0]!.GetValue<string>() },
            ["receipt_email"] = null,
            ["refunded"] = false,
            ["status"] = "succeeded",
        });
    }

    private (Stored Session, Stored Intent) RequireProcessing(string sessionId)
    {
        var session = RequireSession(sessionId);
        var intentId = session.Json["payment_intent"]?.GetValue<string>();
        var intent = intentId is null ? null : _paymentIntents[intentId];
        if (session.Json["payment_status"]!.GetValue<string>() != "unpaid" || intent?.Json["status"]!.GetValue<string>() != "processing")
            throw new InvalidOperationException($"Checkout Session {sessionId} has no delayed payment in progress: CompletePayment(id, async: true) first.");
        return (session, intent);
    }

    private JsonObject ExpireCore(Stored session, ApiRequest? request = null)
    {
        session.Json["status"] = "expired";
        session.Json["url"] = null;
        return RecordEvent("checkout.session.expired", session.Json, null, request);
    }

    /// <summary>Stripe expires an open session at its expires_at; the fake does it whenever it is next looked at.</summary>
    private void ExpireDueSessions()
    {
        var now = Now;
        foreach (var due in _sessions.Values
                     .Where(s => s.Json["status"]!.GetValue<string>() == "open" && s.Json["expires_at"]!.GetValue<long>() <= now)
                     .OrderBy(s => s.Json["expires_at"]!.GetValue<long>()).ToList())
            ExpireCore(due);
    }

    // ---- Refunds ---------------------------------------------------------------------------------------------------

    private JsonNode CreateRefund(ApiRequest r)
    {
        var p = r.Params;
        RequireKnown(p, "", "amount", "charge", "currency", "customer", "expand", "instructions_email", "metadata", "origin",
            "payment_intent", "reason", "refund_application_fee", "reverse_transfer");
        var reason = String(p, "reason");
        if (reason is not null and not ("duplicate" or "fraudulent" or "requested_by_customer"))
            throw StripeApiError.Invalid("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", "reason");
        var (refund, _) = RefundCore(String(p, "payment_intent"), String(p, "charge"), Integer(p, "amount"), reason, Metadata(p), r);
        return refund.DeepClone();
    }

    private (JsonObject Refund, JsonObject ChargeRefunded) RefundCore(
        string? paymentIntentId, string? chargeId, long? amount, string? reason, JsonObject metadata, ApiRequest? request)
    {
        Stored charge;
        if (!string.IsNullOrEmpty(paymentIntentId))
        {
            var intent = _paymentIntents.GetValueOrDefault(paymentIntentId) ?? throw StripeApiError.NoSuch("payment_intent", paymentIntentId, "payment_intent", 400);
            var latest = intent.Json["latest_charge"]?.GetValue<string>();
            if (latest is null || intent.Json["status"]!.GetValue<string>() != "succeeded")
                throw StripeApiError.Invalid($"This PaymentIntent ({paymentIntentId}) does not have a successful charge to refund.", "payment_intent", "charge_not_refundable");
            charge = _charges[latest];
        }
        else if (!string.IsNullOrEmpty(chargeId))
            charge = _charges.GetValueOrDefault(chargeId) ?? throw StripeApiError.NoSuch("charge", chargeId, "charge", 400);
        else
            throw StripeApiError.Invalid("One of the following params should be provided for this request: payment_intent or charge.", code: "parameter_missing");

        var c = charge.Json;
        var id = c["id"]!.GetValue<string>();
        var currency = c["currency"]!.GetValue<string>();
        var captured = c["amount"]!.GetValue<long>();
        var refundedBefore = c["amount_refunded"]!.GetValue<long>();
        var remaining = captured - refundedBefore;
        if (remaining == 0) throw StripeApiError.Invalid($"Charge {id} has already been refunded.", code: "charge_already_refunded");
        var refundAmount = amount ?? remaining;
        if (refundAmount <= 0) throw StripeApiError.Invalid("Invalid positive integer", "amount");
        if (refundAmount > remaining)
            throw StripeApiError.Invalid($"Refund amount ({Format(refundAmount, currency)}) is greater than unrefunded amount on charge ({Format(remaining, currency)})", "amount", "amount_too_large");

        var refund = Store(_refunds, new JsonObject
        {
            ["id"] = NewId("re_"),
            ["object"] = "refund",
            ["amount"] = refundAmount,
            ["balance_transaction"] = NewId("txn_"),
            ["charge"] = id,
            ["created"] = Now,
            ["currency"] = currency,
            ["destination_details"] = null,
            ["metadata"] = metadata,
            ["payment_intent"] = c["payment_intent"]?.DeepClone(),
            ["reason"] = reason,
            ["receipt_number"] = null,
            ["source_transfer_reversal"] = null,
            ["status"] = "succeeded",
            ["transfer_reversal"] = null,
        });
        var previous = new JsonObject { ["amount_refunded"] = refundedBefore, ["refunded"] = c["refunded"]!.GetValue<bool>() };
        c["amount_refunded"] = refundedBefore + refundAmount;
        c["refunded"] = refundedBefore + refundAmount == captured;
        var chargeRefunded = RecordEvent("charge.refunded", c, previous, request);
        RecordEvent("refund.created", refund.Json, null, request);
        return (refund.Json, chargeRefunded);
    }

    private static string Format(long minor, string currency) =>
        (currency == "cny" ? "¥" : currency.ToUpperInvariant() + " ") + (minor / 100m).ToString("N2", CultureInfo.InvariantCulture);

    // ---- Events and lists ------------------------------------------------------------------------------------------

    private JsonObject RecordEvent(string type, JsonObject obj, JsonObject? previousAttributes, ApiRequest? request)
    {
        var data = new JsonObject { ["object"] = obj.DeepClone() };
        if (previousAttributes is not null) data["previous_attributes"] = previousAttributes;
        var stripeEvent = new JsonObject
        {
            ["id"] = NewId("evt_"),
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = Now,
            ["data"] = data,
            ["livemode"] = false,
            ["pending_webhooks"] = _webhookUrl is null ? 0 : 1,
            ["request"] = new JsonObject { ["id"] = request?.RequestId, ["idempotency_key"] = request?.IdempotencyKey },
            ["type"] = type,
        };
        return Store(_events, stripeEvent).Json;
    }

    private JsonNode ListEvents(ApiRequest r)
    {
        var p = r.Params;
        RequireKnown(p, "", "created", "delivery_success", "ending_before", "expand", "limit", "starting_after", "type", "types");
        Boolean(p, "delivery_success");
        var type = String(p, "type");
        var types = StringArray(p, "types");
        if (type is not null && types is not null)
            throw StripeApiError.Invalid("You may only specify one of these parameters: type, types.", "types");
        if (types is { Count: > 20 }) throw StripeApiError.Invalid("You may specify at most 20 types.", "types");
        Expansions(p, "data.");
        var oldest = Now - EventRetentionSeconds;
        var candidates = _events.Values.Where(e =>
        {
            var t = e.Json["type"]!.GetValue<string>();
            return e.Created >= oldest
                   && (type is null || TypeMatches(type, t))
                   && (types is null || types.Any(w => TypeMatches(w, t)));
        });
        return Page(p, candidates, _events, "event", "/v1/events", e => e.Json.DeepClone());
    }

    private static bool TypeMatches(string wanted, string type) =>
        wanted.EndsWith(".*", StringComparison.Ordinal)
            ? type.StartsWith(wanted[..^1], StringComparison.Ordinal)
            : wanted == type;

    private JsonNode GetPlain(ApiRequest r, Dictionary<string, Stored> table, string objectName, string id)
    {
        RequireKnown(r.Params, "", "expand");
        Expansions(r.Params, "");
        var stored = table.GetValueOrDefault(id) ?? throw StripeApiError.NoSuch(objectName, id, "id");
        return stored.Json.DeepClone();
    }

    /// <summary>
    /// A list page, newest first: <c>limit</c> (1–100, default 10), <c>starting_after</c> / <c>ending_before</c> by object id,
    /// and <c>created</c> as a number or as <c>[gt]</c>/<c>[gte]</c>/<c>[lt]</c>/<c>[lte]</c>.
    /// </summary>
    private static JsonObject Page(JsonObject p, IEnumerable<Stored> candidates, Dictionary<string, Stored> table, string objectName,
        string url, Func<Stored, JsonNode> project)
    {
        var limit = Integer(p, "limit") ?? 10;
        if (limit < 1) throw StripeApiError.Invalid("This value must be greater than or equal to 1.", "limit");
        if (limit > 100) throw StripeApiError.Invalid("This value must be less than or equal to 100.", "limit");
        var after = String(p, "starting_after");
        var before = String(p, "ending_before");
        if (!string.IsNullOrEmpty(after) && !string.IsNullOrEmpty(before))
            throw StripeApiError.Invalid("You may only specify one of these parameters: ending_before, starting_after.");
        var created = CreatedFilter(p);
        var ordered = candidates.Where(s => created(s.Created)).OrderByDescending(s => s.Created).ThenByDescending(s => s.Seq).ToList();

        List<Stored> page;
        bool hasMore;
        if (!string.IsNullOrEmpty(after))
        {
            var cursor = table.GetValueOrDefault(after) ?? throw StripeApiError.NoSuch(objectName, after, "starting_after", 400);
            var rest = ordered.Where(s => Compare(s, cursor) < 0).ToList();
            page = [.. rest.Take((int)limit)];
            hasMore = rest.Count > limit;
        }
        else if (!string.IsNullOrEmpty(before))
        {
            var cursor = table.GetValueOrDefault(before) ?? throw StripeApiError.NoSuch(objectName, before, "ending_before", 400);
            var rest = ordered.Where(s => Compare(s, cursor) > 0).ToList();
            page = [.. rest.Skip(Math.Max(0, rest.Count - (int)limit))];
            hasMore = rest.Count > limit;
        }
        else
        {
            page = [.. ordered.Take((int)limit)];
            hasMore = ordered.Count > limit;
        }
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. page.Select(project)]),
            ["has_more"] = hasMore,
            ["url"] = url,
        };
    }

    private static int Compare(Stored a, Stored b) => (a.Created, a.Seq).CompareTo((b.Created, b.Seq));

    private static Func<long, bool> CreatedFilter(JsonObject p)
    {
        var node = p["created"];
        if (node is null) return _ => true;
        if (node is JsonValue)
        {
            var exact = Integer(p, "created");
            return t => exact is null || t == exact;
        }
        var range = Object(p, "created")!;
        RequireKnown(range, "created", "gt", "gte", "lt", "lte");
        var gt = Integer(range, "gt", "created");
        var gte = Integer(range, "gte", "created");
        var lt = Integer(range, "lt", "created");
        var lte = Integer(range, "lte", "created");
        return t => (gt is null || t > gt) && (gte is null || t >= gte) && (lt is null || t < lt) && (lte is null || t <= lte);
    }
}
