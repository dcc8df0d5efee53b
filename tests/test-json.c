/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-json.c: JSON text that parses back bit-identically, whatever json-glib's generator does
 * with exponents.
 */
#include "reference.h"

#include <float.h>
#include <math.h>
#include <string.h>

static void
check_round_trip (const double *v,
                  guint         n,
                  gboolean      pretty)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *arr;

  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    json_builder_add_double_value (b, v[i]);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  text = pl_json_to_string (root, pretty);
  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  arr = json_node_get_array (parsed);
  g_assert_cmpuint (json_array_get_length (arr), ==, n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (arr, i);
      double d;

      /* Doubles stay doubles: a reader asking for an integer must not get one by accident. */
      g_assert_cmpint (json_node_get_value_type (e), ==, G_TYPE_DOUBLE);
      d = json_node_get_double (e);
      if (memcmp (&d, &v[i], sizeof d) != 0)
        g_error ("%.17g (%a) came back as %.17g (%a) from %s", v[i], v[i], d, d, text);
    }
}

static void
test_doubles (void)
{
  /* Single-digit mantissas in exponent form are the ones json-glib 1.6 writes as "1e-08.0". */
  const double special[] = {
    1e-8, 1e-10, 1e17, 5e-324, -1e-300, 1e300, 2e-20, DBL_MAX, DBL_MIN, -DBL_MIN,
    0.0, -0.0, 1.0, -3.0, 0.5, 1.0 / 3.0, 1e16, 123456789.0, 1e-4, 0.1,
  };
  PlRng rng;
  double random[2000];

  check_round_trip (special, G_N_ELEMENTS (special), FALSE);
  check_round_trip (special, G_N_ELEMENTS (special), TRUE);

  /* Any finite bit pattern, plus the round numbers that hit the exponent case most. */
  pl_rng_init (&rng, ref_test_seed ());
  for (guint i = 0; i < 1000; i++)
    {
      guint64 bits;

      do
        {
          bits = pl_rng_next (&rng);
          memcpy (&random[i], &bits, sizeof bits);
        }
      while (!isfinite (random[i]));
    }
  for (guint i = 1000; i < 2000; i++)
    random[i] = (1.0 + (double) pl_rng_below (&rng, 9)) *
                pow (10.0, (double) pl_rng_below (&rng, 600) - 300.0);
  check_round_trip (random, G_N_ELEMENTS (random), FALSE);
}

static void
test_strings_untouched (void)
{
  /* Text that looks like a broken number inside strings and keys, and the literals whose
   * letters include 'e', must come through unchanged. */
  const char *text =
    "{\"1e-08.0\": \"x 1e-08.0 \\\"2e+17.0\\\" \\\\\", \"t\": true, \"f\": false, "
    "\"n\": null, \"i\": 42, \"d\": 2.5, \"e\": 1e-08}";
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *out = NULL;
  JsonObject *o;

  g_assert_nonnull (node);
  out = pl_json_to_string (node, FALSE);
  back = json_from_string (out, NULL);
  g_assert_nonnull (back);
  g_assert_true (json_node_equal (node, back));
  o = json_node_get_object (back);
  g_assert_cmpstr (json_object_get_string_member (o, "1e-08.0"), ==, "x 1e-08.0 \"2e+17.0\" \\");
  g_assert_true (json_object_get_boolean_member (o, "t"));
  g_assert_false (json_object_get_boolean_member (o, "f"));
  g_assert_true (json_object_get_null_member (o, "n"));
  g_assert_cmpint (json_object_get_int_member (o, "i"), ==, 42);
  g_assert_cmpfloat (json_object_get_double_member (o, "e"), ==, 1e-8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plateau/Json/doubles", test_doubles);
  g_test_add_func ("/Plateau/Json/strings-untouched", test_strings_untouched);

  return g_test_run ();
}
