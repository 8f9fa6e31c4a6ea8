"""The machinery of the addons' access inventories: each inventory lists every public
method and field its addon adds, with what each role gets when it tries them, and every
route with the test where member B tries member A's records. The lists stay in each
addon's test; the walk and the tries are here."""

import inspect
from contextlib import closing

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

OK, DENIED, REFUSED = "allowed", "denied", "refused"


def addon_classes(models_package):
    """The model classes defined in an addon's `models` package."""
    for module in vars(models_package).values():
        if inspect.ismodule(module):
            for value in vars(module).values():
                if (
                    inspect.isclass(value)
                    and issubclass(value, models.BaseModel)
                    and value.__module__ == module.__name__
                ):
                    yield value


def addon_public_methods_and_fields(models_package):
    """What an addon adds that can be called or written from outside: public methods, and
    fields that are neither computed only nor related (settings are related)."""
    found = set()
    for cls in addon_classes(models_package):
        model = cls._name or cls._inherit
        for name, value in vars(cls).items():
            if isinstance(value, fields.Field):
                args = value.args
                if name in models.MAGIC_COLUMNS or name == "display_name":
                    continue
                if args.get("related") or (args.get("compute") and not args.get("inverse")):
                    continue
                found.add((model, name))
            elif inspect.isfunction(value) and not (name.startswith("_") or name == "init"):
                found.add((model, name))
    return found


def addon_routes(controllers_package):
    """Every route an addon's `controllers` package declares."""
    routes = set()
    for module in vars(controllers_package).values():
        if inspect.ismodule(module):
            for cls in vars(module).values():
                if inspect.isclass(cls) and cls.__module__ == module.__name__:
                    for value in vars(cls).values():
                        routing = getattr(value, "original_routing", None)
                        routes.update(routing["routes"] if routing else ())
    return routes


class AccessInventoryMixin:
    """For a test class that sets ADDON, ROLES, INVENTORY ((model, name) -> {what: {role:
    outcome}}), ROUTES (route -> "test_module.TestClass.test_name") and CONTROLLERS, defines
    `_public_methods_and_fields()`, `cls.users` (role -> user) and a `_try_<what>(env)`
    for each thing tried. The tests themselves call the `_check_*` methods from the test
    class: Odoo's runner only runs test methods the test module defines."""

    def _check_every_public_method_and_field_has_an_entry(self):
        found = self._public_methods_and_fields()
        self.assertGreater(len(found), 10, f"the walk finds {self.ADDON}'s models")
        self.assertFalse(found - set(self.INVENTORY), "public methods or fields without an entry")
        self.assertFalse(set(self.INVENTORY) - found, "entries for something that is gone")

    def _check_every_route_has_an_ownership_test(self):
        self.assertEqual(addon_routes(self.CONTROLLERS), set(self.ROUTES))
        package = type(self).__module__.rpartition(".")[0]
        for reference in self.ROUTES.values():
            module_name, class_name, test_name = reference.split(".")
            module = __import__(f"{package}.{module_name}", fromlist=[class_name])
            self.assertTrue(hasattr(getattr(module, class_name), test_name), reference)

    def _check_who_may_call_or_write_what(self):
        for (model, name), tries in self.INVENTORY.items():
            for what, expected in tries.items():
                self.assertEqual(set(expected), set(self.ROLES), what)
                for role, outcome in expected.items():
                    with self.subTest(model=model, name=name, what=what, role=role):
                        self.assertEqual(self._outcome_of(what, role), outcome)

    def _outcome_of(self, what, role):
        env = self.env(user=self.users[role], context=dict(self.env.context, active_test=True))
        # Whatever a try does is undone before the next one.
        try:
            with closing(self.env.cr.savepoint()):
                getattr(self, f"_try_{what}")(env)
                env.flush_all()
        except AccessError:
            return DENIED
        except UserError:
            return REFUSED
        finally:
            env.invalidate_all()
        return OK
