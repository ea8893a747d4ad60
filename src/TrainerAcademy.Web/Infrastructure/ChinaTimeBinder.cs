using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TrainerAcademy.Infrastructure;

/// <summary>
/// Binds a form's date-time field (datetime-local, which carries no offset) to the moment it names in China time.
/// The page shows such a moment with <see cref="AcademyTime.InChina"/>, so the field reads the same wall clock back.
/// </summary>
public sealed class ChinaTimeBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext context)
    {
        var value = context.ValueProvider.GetValue(context.ModelName);
        if (value == ValueProviderResult.None) return Task.CompletedTask;
        context.ModelState.SetModelValue(context.ModelName, value);
        var text = value.FirstValue;
        if (string.IsNullOrWhiteSpace(text))
            context.Result = ModelBindingResult.Success(null);
        else if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock))
            context.Result = ModelBindingResult.Success(AcademyTime.FromChina(wallClock));
        else
            context.ModelState.TryAddModelError(context.ModelName,
                context.ModelMetadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(text, context.ModelMetadata.GetDisplayName()));
        return Task.CompletedTask;
    }
}
