/* The tag and section choosers of the article editor open on the article's edition.
 *
 * Wagtail forwards a chooser widget's `linkedFields` (here the editor's edition field) to
 * the chooser modal's URL, but the "Add tags" button of a multiple chooser panel opens
 * the modal through the widget factory, which forwards nothing: this factory does. */
(function () {
  'use strict';
  const Base = window.telepath.constructors['wagtail.snippets.widgets.SnippetChooser'];

  class EditionLinkedChooserFactory extends Base {
    getModalOptions() {
      const filters = {};
      Object.entries(this.opts.linkedFields || {}).forEach(([param, selector]) => {
        const field = document.querySelector(selector);
        if (field && field.value) {
          filters[param] = field.value;
        }
      });
      return Object.keys(filters).length ? { linkedFieldFilters: filters } : null;
    }
  }

  window.telepath.register('dateline.EditionLinkedChooser', EditionLinkedChooserFactory);
})();
