using System.Linq.Expressions;
using StudentCard.Central.Passages;

namespace StudentCard.Central.Admin.Passages;

/// <summary>Limits passages to those whose place lies at one of some sites ("site" itself or "site/zone"); a passage with no place is never at any.</summary>
public static class PlaceFilter
{
    private static readonly System.Reflection.MethodInfo StartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;

    public static IQueryable<Passage> AtSites(this IQueryable<Passage> passages, PassageScope scope) =>
        scope.Sites is { } sites ? passages.Where(AtAnyOf(sites)) : passages;

    // One OR per site, built as an expression so the store runs it (= and LIKE 'site/%'); site names are
    // validated as [a-z0-9-], so they hold no LIKE wildcard.
    private static Expression<Func<Passage, bool>> AtAnyOf(IReadOnlyList<string> sites)
    {
        var passage = Expression.Parameter(typeof(Passage), "p");
        var place = Expression.Property(passage, nameof(Passage.Place));
        Expression matches = Expression.Constant(false);
        foreach (var site in sites)
        {
            var atSite = Expression.OrElse(
                Expression.Equal(place, Expression.Constant(site, typeof(string))),
                Expression.Call(place, StartsWith, Expression.Constant(site + "/", typeof(string))));
            matches = Expression.OrElse(matches, atSite);
        }
        var placed = Expression.NotEqual(place, Expression.Constant(null, typeof(string)));
        return Expression.Lambda<Func<Passage, bool>>(Expression.AndAlso(placed, matches), passage);
    }
}
