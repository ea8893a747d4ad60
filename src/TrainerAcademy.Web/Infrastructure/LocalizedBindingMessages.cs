using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace TrainerAcademy.Infrastructure;

/// <summary>
/// Model binding's own messages ("The value 'abc' is not valid…") in the visitor's language, like every other form error.
/// They name no field: the message stands beside the field it is about.
/// </summary>
public sealed class LocalizedBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var L = factory.Create(typeof(SharedResource));
        var m = options.ModelBindingMessageProvider;
        m.SetAttemptedValueIsInvalidAccessor((value, _) => L["The value {0} is not valid here.", value]);
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => L["The value {0} is not valid here.", value]);
        m.SetUnknownValueIsInvalidAccessor(_ => L["This value is not valid."]);
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => L["This value is not valid."]);
        m.SetValueIsInvalidAccessor(value => L["The value {0} is not valid here.", value]);
        m.SetValueMustBeANumberAccessor(_ => L["Enter a number."]);
        m.SetNonPropertyValueMustBeANumberAccessor(() => L["Enter a number."]);
        m.SetValueMustNotBeNullAccessor(_ => L["This field is required."]);
        m.SetMissingBindRequiredValueAccessor(_ => L["This field is required."]);
        m.SetMissingKeyOrValueAccessor(() => L["This field is required."]);
        m.SetMissingRequestBodyRequiredValueAccessor(() => L["This field is required."]);
    }
}
