namespace TrainerAcademy.Features;

/// <summary>Money as the API shows it: <c>{ "amount": 2600.00, "currency": "CNY" }</c>.</summary>
public sealed record Money(decimal Amount, string Currency)
{
    public static Money Cny(decimal amount) => new(amount, "CNY");
}
