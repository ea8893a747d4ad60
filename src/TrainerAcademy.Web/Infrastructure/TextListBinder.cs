using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TrainerAcademy.Infrastructure;

/// <summary>
/// Binds one text field of a form to the list a command takes: its non-empty entries, trimmed. The subclasses name
/// the separators; an empty field binds no list at all where the list is required, so [Required] reports it.
/// </summary>
public abstract class TextListBinder(char[] separators, bool emptyIsNull) : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext context)
    {
        var value = context.ValueProvider.GetValue(context.ModelName);
        if (value == ValueProviderResult.None) return Task.CompletedTask;
        context.ModelState.SetModelValue(context.ModelName, value);
        IReadOnlyList<string> items = string.Join(separators[0], value.Values.ToArray())
            .Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        context.Result = ModelBindingResult.Success(items.Count == 0 && emptyIsNull ? null : items);
        return Task.CompletedTask;
    }

    /// <summary>The field's text: what was posted when the form is shown again, else the list joined by <paramref name="joiner"/>.</summary>
    public static string Text(ModelStateDictionary state, string key, IEnumerable<string>? items, string joiner) =>
        state.TryGetValue(key, out var posted) && posted.AttemptedValue is { } text ? text : string.Join(joiner, items ?? []);
}

/// <summary>A textarea with one entry a line (a question's options).</summary>
public sealed class OneALineBinder() : TextListBinder(['\n'], emptyIsNull: false);

/// <summary>One box of entries separated by semicolons or commas, half- or full-width (a cohort's daily slots).</summary>
public sealed class SeparatedListBinder() : TextListBinder([';', '；', ',', '，', '\n'], emptyIsNull: true);
