using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace TrainerAcademy.Data;

/// <summary>
/// A compiled query (<see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, CancellationToken, TResult}})"/>)
/// for each model it meets. EF binds a compiled query to the model of the first context that runs it, and each
/// provider has a model of its own: a process serving SQLite and PostgreSQL side by side, as the tests do, would
/// otherwise send one provider's SQL to the other.
/// </summary>
public sealed class PerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _compiled = [];

    /// <summary>The query compiled for <paramref name="db"/>'s model; after the first call a lookup without allocation.</summary>
    public TQuery For(DbContext db) =>
        _compiled.TryGetValue(db.Model, out var compiled) ? compiled : _compiled.GetValue(db.Model, _ => compile());
}
