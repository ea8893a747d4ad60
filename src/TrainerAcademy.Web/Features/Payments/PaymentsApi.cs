using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.Enrollments;

namespace TrainerAcademy.Features.Payments;

public static class PaymentsApi
{
    public static void MapPaymentsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/enrollments/{id:int}/checkout", async Task<Ok<CheckoutStarted>> (int id, Checkout.Handler h, CancellationToken ct) =>
                TypedResults.Ok(await h.StartAsync(id, ct)))
            .RequireAuthorization(Policies.Learner).WithTags("Payments")
            .WithSummary("Start Stripe Checkout for a held place: 200 { checkoutUrl }; 502 when Stripe does not answer")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);

        api.MapPost("/enrollments/{id:int}/offline-payments", (int id, RecordOfflinePayment.Command command, RecordOfflinePayment.Handler h, CancellationToken ct) =>
                h.RecordAsync(id, command, ct))
            .RequireAuthorization(Policies.Staff).WithTags("Payments")
            .WithSummary("Staff record a bank transfer or employer invoice; the place is confirmed")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/payments/stripe/webhook", async Task<Results<Ok, BadRequest<string>>> (HttpRequest request, StripeGateway stripe, PaymentFulfilment fulfilment, CancellationToken ct) =>
            {
                using var reader = new StreamReader(request.Body);
                var json = await reader.ReadToEndAsync(ct);
                Stripe.Event stripeEvent;
                try
                {
                    stripeEvent = stripe.ParseWebhook(json, request.Headers["Stripe-Signature"]);
                }
                catch (InvalidWebhookSignature e)
                {
                    return TypedResults.BadRequest(e.Message);
                }
                catch (Exception e) when (e is Newtonsoft.Json.JsonException or System.Text.Json.JsonException or FormatException or InvalidCastException)
                {
                    // Signed, but not an event Stripe.net can read: an answer for the sender, not a 500.
                    return TypedResults.BadRequest("The body is not a Stripe event.");
                }
                if (string.IsNullOrEmpty(stripeEvent.Id) || string.IsNullOrEmpty(stripeEvent.Type))
                    return TypedResults.BadRequest("The event has no id or type.");
                await fulfilment.ApplyAsync(stripeEvent, ct);
                return TypedResults.Ok();
            })
            .AllowAnonymous().DisableAntiforgery().WithTags("Payments")
            .WithSummary("Stripe's signed events; 400 on a bad or old signature; each event applied once");
    }
}
