/**
 * The settings catalog: every environment variable of the three functions, declared once. Start from
 * {@link dev.vigil.settings.VigilSettings} (the declarations: name, type, readers, default or required, description);
 * functions read them with {@link dev.vigil.settings.Environment#of}, which checks them all at once and reports
 * problems as one {@link dev.vigil.settings.SettingException}; the CDK app and the local runner write them with
 * {@link dev.vigil.settings.Environment#builder}. A setting can only be declared here, and only read or set by a
 * function the catalog says reads it.
 */
package dev.vigil.settings;
